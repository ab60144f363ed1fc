#!/usr/bin/env bash
# The window receives: a CLI `ferry send` offers files, the window shows the
# offer, the script clicks Accept, and the files arrive verified.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; dst="$T/inbox"
mkdir -p "$src/docs/sub" "$dst"
head -c 2000000 /dev/urandom >"$src/photo.jpg"
head -c 777 /dev/urandom >"$src/docs/sub/a.bin"
: >"$src/docs/empty.txt"

cat >"$T/script.txt" <<'SCRIPT'
wait listening 10
wait offer 30
click Accept
wait done 60
quit
SCRIPT
start_window "$T/script.txt" "$dst" || exit 1
send --to "127.0.0.1:$WPORT" "$src/photo.jpg" "$src/docs"
check "ferry send exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "file identical" cmp -s "$src/photo.jpg" "$dst/photo.jpg"
check "folder identical (diff -r)" diff -r "$src/docs" "$dst/docs"
check "no .part or journal left" no_leftovers "$dst"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$SLOG" >&2
finish
