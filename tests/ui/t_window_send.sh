#!/usr/bin/env bash
# The window sends: a drop of two files and a folder (one batch, injected
# through SDL's event queue) goes to `ferry receive --once --yes`, and the
# trees arrive byte for byte. The address is remembered.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src/tree/a/b" "$src/tree/empty" "$dst" "$T/inbox"
head -c 3000000 /dev/urandom >"$src/big.bin"
echo "hello" >"$src/note with spaces.txt"
head -c 12345 /dev/urandom >"$src/tree/a/b/deep.dat"
echo "grüße" >"$src/tree/Grüße.txt"

start_receiver "$dst" --once --yes || exit 1
{
    echo "wait listening 10"
    drop_lines "$src/big.bin" "$src/note with spaces.txt" "$src/tree"
    echo "click Address"
    echo "type 127.0.0.1:$RPORT"
    echo "key enter"
    echo "wait done 60"
    echo "quit"
} >"$T/script.txt"
start_window "$T/script.txt" "$T/inbox" || exit 1
wait_exit "$WPID" 90; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
wait_exit "$RPID" 10; rrc=$?
check "receiver exits 0 (status $rrc)" [ "$rrc" -eq 0 ]
check "big file identical" cmp -s "$src/big.bin" "$dst/big.bin"
check "name with spaces identical" cmp -s "$src/note with spaces.txt" "$dst/note with spaces.txt"
check "tree identical (diff -r)" diff -r "$src/tree" "$dst/tree"
check "receiver says verified" grep -q "Received 4 files" "$RLOG"
check "address remembered in settings" grep -qx "recent=127.0.0.1:$RPORT" "$XDG_CONFIG_HOME/ferry/settings.txt"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$RLOG" >&2
finish
