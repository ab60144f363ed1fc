#!/usr/bin/env bash
# `ferry FILE...` (what the desktop entry's Exec=ferry %F runs when files
# are dropped on the launcher or opened with Ferry): the window opens with
# those files and folders in the send list, and sending them needs only the
# address. A name that is neither a command nor an existing path is still
# "unknown command", not a window.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src/tree/sub" "$dst" "$T/inbox"
head -c 2000000 /dev/urandom >"$src/first file.bin"
echo "deep" >"$src/tree/sub/deep.txt"
head -c 777 /dev/urandom >"$src/left out.bin"   # not an argument: must not travel

err=$("$FERRY" "$src/no such file" 2>&1); rc=$?
check "a missing path is not a window: exits 2 (status $rc)" [ "$rc" -eq 2 ]
check "and says unknown command" grep -qF "ferry: unknown command '$src/no such file'" <<<"$err"

start_receiver "$dst" --once --yes || exit 1
{
    echo "wait listening 10"
    echo "shot args"
    echo "click Address"
    echo "type 127.0.0.1:$RPORT"
    echo "key enter"
    echo "wait done 60"
    echo "quit"
} >"$T/script.txt"
UI_ARGS=("$src/first file.bin" "$src/tree")
start_window "$T/script.txt" "$T/inbox" || exit 1
wait_exit "$WPID" 90; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check_shot args "Added 2 items."
check "the send list shows the file named on the command line" grep -qF "first file.bin" "$SHOTS/args.txt"
wait_exit "$RPID" 10; rrc=$?
check "receiver exits 0 (status $rrc)" [ "$rrc" -eq 0 ]
check "file argument identical" cmp -s "$src/first file.bin" "$dst/first file.bin"
check "folder argument identical (diff -r)" diff -r "$src/tree" "$dst/tree"
check "nothing else sent" [ ! -e "$dst/left out.bin" ]
check "receiver says 2 files verified" grep -q "Received 2 files" "$RLOG"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$RLOG" >&2
finish
