#!/usr/bin/env bash
# 2,000 small files in nested folders stream without a round trip each.
. "$(dirname "$0")/lib.sh"

src="$T/src/many"; dst="$T/dst"
for d in $(seq 1 20); do
    mkdir -p "$src/d$d/sub"
    for f in $(seq 1 50); do
        printf 'file %d/%d %s\n' "$d" "$f" "$RANDOM" >"$src/d$d/f$f.txt"
        printf '%d' "$f" >"$src/d$d/sub/s$f"
    done
done
[ "$(find "$src" -type f | wc -l)" -eq 2000 ] || { echo "setup failed"; exit 1; }

start_receiver "$dst" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src"
check "send exits 0" [ "$SRC" -eq 0 ]
check "2000 files identical (diff -r)" diff -r "$src" "$dst/many"
check "file count" [ "$(find "$dst/many" -type f | wc -l)" -eq 2000 ]
check "no leftovers" no_leftovers "$dst"
grep -q "Sent 2000 files" "$SLOG"; check "sender summary counts 2000 files" [ $? -eq 0 ]
finish
