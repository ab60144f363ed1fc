#!/usr/bin/env bash
# Names already taken in the receive folder are never overwritten: a file
# becomes "photo (1).jpg", a folder "docs (1)".
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src/docs/inner" "$dst/docs"
head -c 5000 /dev/urandom >"$src/photo.jpg"
echo new >"$src/docs/inner/n.txt"
echo "keep me" >"$dst/photo.jpg"
echo "old doc" >"$dst/docs/old.txt"
echo "also taken" >"$dst/photo (1).jpg"

start_receiver "$dst" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/photo.jpg" "$src/docs"
check "send exits 0" [ "$SRC" -eq 0 ]
check "existing photo untouched" [ "$(cat "$dst/photo.jpg")" = "keep me" ]
check "existing photo (1) untouched" [ "$(cat "$dst/photo (1).jpg")" = "also taken" ]
check "new photo is photo (2).jpg" cmp -s "$src/photo.jpg" "$dst/photo (2).jpg"
check "existing folder untouched" [ "$(ls "$dst/docs")" = "old.txt" ]
check "new folder is docs (1)" diff -r "$src/docs" "$dst/docs (1)"
check "no leftovers" no_leftovers "$dst"
finish
