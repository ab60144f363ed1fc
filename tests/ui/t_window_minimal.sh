#!/usr/bin/env bash
# A minimal system: no zenity or kdialog, no xdg-open. Choose files (Ctrl+O)
# opens a path field in the window: Tab completes names, Enter adds, Esc
# closes, so a keyboard user can still send. Open folder after a receive
# says there is no file manager and shows the path, and Copy path puts it
# on the clipboard.
. "$(dirname "$0")/lib_ui.sh"

if command -v zenity >/dev/null || command -v kdialog >/dev/null || command -v xdg-open >/dev/null; then
    echo "SKIP: zenity, kdialog or xdg-open is installed; this test is about a system without them"; exit 77
fi
src="$T/src"; dst="$T/dst"; inbox="$T/inbox"
mkdir -p "$src/tree/sub" "$dst" "$inbox"
head -c 2000000 /dev/urandom >"$src/big.bin"
head -c 1234 /dev/urandom >"$src/tree/sub/deep.dat"
head -c 99 /dev/urandom >"$src/incoming.txt"

start_receiver "$dst" --once --yes || exit 1
{
    echo "wait listening 10"
    echo "key ctrl-o"
    echo "sleep 200"
    echo "type bi"
    echo "key tab"
    echo "key enter"
    echo "type tr"
    echo "key tab"
    echo "sleep 200"
    echo "shot minimal_path"
    echo "key enter"
    echo "key esc"
    echo "click Address"
    echo "type 127.0.0.1:$RPORT"
    echo "key enter"
    echo "wait done 60"
    echo "wait offer 30"
    echo "click Accept"
    echo "wait done 60"
    echo "click Open folder"
    echo "sleep 300"
    echo "shot minimal_folder"
    echo "click Copy path"
    echo "clipboard $inbox"
    echo "quit"
} >"$T/script.txt"
# The path field starts in the home folder.
HOME="$src" start_window "$T/script.txt" "$inbox" || exit 1
for i in $(seq 1 600); do grep -q "ui script: wait done" "$WLOG" && break; sleep 0.1; done
send --to "127.0.0.1:$WPORT" "$src/incoming.txt"
check "ferry send to the window exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
wait_exit "$WPID" 90; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
wait_exit "$RPID" 10; rrc=$?
check "receiver exits 0 (status $rrc)" [ "$rrc" -eq 0 ]
check "the typed file arrived" cmp -s "$src/big.bin" "$dst/big.bin"
check "the typed folder arrived (diff -r)" diff -r "$src/tree" "$dst/tree"
check_shot minimal_path "$src/tree/"
check "the first path was added" grep -qF "big.bin" "$SHOTS/minimal_path.txt"
check "Tab completed the folder" grep -qF "A folder: Tab again lists it." "$SHOTS/minimal_path.txt"
check_shot minimal_folder "xdg-open is not installed"
check "the whole path is shown" grep -qxF "$inbox" "$SHOTS/minimal_folder.txt"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$RLOG" >&2
finish
