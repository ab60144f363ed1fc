#!/usr/bin/env bash
# One file, a nested folder with empty folders and empty files, non-ASCII
# names, an executable bit: everything arrives byte-identical.
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src/tree/a/b/c" "$src/tree/empty dir" "$src/tree/Grüße/日本語"
head -c 300000 /dev/urandom >"$src/one.bin"
head -c 12345 /dev/urandom >"$src/tree/a/b/c/deep.dat"
: >"$src/tree/empty file"
echo "hello" >"$src/tree/Grüße/日本語/ファイル.txt"
printf '#!/bin/sh\necho hi\n' >"$src/tree/run.sh"; chmod +x "$src/tree/run.sh"
echo emoji >"$src/tree/🚀 launch.txt"

start_receiver "$dst" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/one.bin" "$src/tree"
check "send exits 0" [ "$SRC" -eq 0 ]
check "single file identical" cmp -s "$src/one.bin" "$dst/one.bin"
check "tree identical (diff -r)" diff -r "$src/tree" "$dst/tree"
check "empty folder arrived" [ -d "$dst/tree/empty dir" ]
check "empty file arrived" test -f "$dst/tree/empty file" -a ! -s "$dst/tree/empty file"
check "executable bit kept" [ -x "$dst/tree/run.sh" ]
check "no .part or journal left" no_leftovers "$dst"
check "summary reports all bytes sent" [ "$(bytes_sent "$SLOG")" = $((300000 + 12345 + 6 + 18 + 6)) ]
check "mtime kept" [ "$(stat -c %Y "$src/one.bin")" = "$(stat -c %Y "$dst/one.bin")" ]
grep -q "Received 6 files" "$RLOG"; check "receiver summary" [ $? -eq 0 ]

# Sending the same again does not overwrite: the new copies get "(1)".
send --to "127.0.0.1:$RPORT" "$src/one.bin"
check "second send exits 0" [ "$SRC" -eq 0 ]
check "collision copy made" cmp -s "$src/one.bin" "$dst/one (1).bin"
finish
