#!/usr/bin/env bash
# A file over 4 GiB (sparse on the sending side) arrives identical: 64-bit
# sizes and offsets end to end.
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src"
truncate -s 5G "$src/huge.img"
printf 'start' | dd of="$src/huge.img" conv=notrunc status=none
printf 'past-4GiB' | dd of="$src/huge.img" bs=1 seek=$((4 * 1024 * 1024 * 1024 + 12345)) conv=notrunc status=none
printf 'end' | dd of="$src/huge.img" bs=1 seek=$((5 * 1024 * 1024 * 1024 - 3)) conv=notrunc status=none

start_receiver "$dst" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/huge.img"
check "send exits 0" [ "$SRC" -eq 0 ]
check "size is 5 GiB" [ "$(stat -c %s "$dst/huge.img")" = $((5 * 1024 * 1024 * 1024)) ]
check "bytes identical (cmp)" cmp -s "$src/huge.img" "$dst/huge.img"
check "summary counts 5368709120 bytes" [ "$(bytes_sent "$SLOG")" = 5368709120 ]
finish
