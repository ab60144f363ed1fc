#!/usr/bin/env bash
# Full disks: an offer larger than the free space is refused up front with
# a message saying so; a disk that fills up mid-file ends the transfer with
# "disk full", keeps the partial data, and the rerun resumes once there is
# room. Needs root to mount a small tmpfs (CI runs as root).
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
    fail "this test needs root to mount a small tmpfs"; finish
fi
small="$T/small"
mkdir -p "$small" "$T/src"
mount -t tmpfs -o size=4m tmpfs "$small" || { fail "cannot mount tmpfs"; finish; }
trap 'umount -l "$small" 2>/dev/null; cleanup' EXIT

# 1. Too big from the start: refused before a byte is written.
head -c $((6 * 1000 * 1000)) /dev/urandom >"$T/src/six.bin"
start_receiver "$small/dst" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$T/src/six.bin"
check "too big: sender exit status 8" [ "$SRC" -eq 8 ]
check "too big: sender told there is not enough space" \
    grep -q "^ferry: receiver: not enough space: needs 6.00 MB, [0-9.]* [KM]B free in $small/dst$" "$SLOG"
check "too big: nothing written" [ -z "$(ls -A "$small/dst")" ]

# 2. Room at the start, then something else fills the disk mid-file.
head -c $((3 * 1000 * 1000)) /dev/urandom >"$T/src/three.bin"
"$FERRY" send $RISK --to "127.0.0.1:$RPORT" --limit 1M "$T/src/three.bin" >"$T/s2.log" 2>&1 &
spid=$!; PIDS+=("$spid")
sleep 1
dd if=/dev/zero of="$small/filler" bs=64k status=none 2>/dev/null
wait_exit "$spid" 30; ss=$?
check "filled mid-file: sender exit status 8" [ "$ss" -eq 8 ]
check "filled mid-file: 'disk full' named" grep -q "^ferry: receiver: disk full writing $small/dst/three.bin.part$" "$T/s2.log"
check "filled mid-file: partial data kept" [ -s "$small/dst/three.bin.part" ]
check "filled mid-file: no final file" [ ! -e "$small/dst/three.bin" ]
part=$(stat -c %s "$small/dst/three.bin.part")

rm -f "$small/filler"
send --to "127.0.0.1:$RPORT" "$T/src/three.bin"
check "after freeing space the rerun completes" [ "$SRC" -eq 0 ]
check "file identical" cmp -s "$T/src/three.bin" "$small/dst/three.bin"
sent=$(bytes_sent "$SLOG")
check "rerun resumed: sent $sent of 3000000, kept $part" test -n "$sent" -a "${sent:-0}" -le $((3000000 - part))
finish
