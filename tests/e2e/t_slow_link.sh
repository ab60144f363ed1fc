#!/usr/bin/env bash
# A slow link: the sender's socket buffers (several MiB) take the whole file
# at once, then the link drains them for longer than the 30 s idle timeout
# while the receiver says nothing until the end. The sender must count its
# own data being acknowledged as the peer being alive: before, it gave up
# with "went silent for 30 seconds" while the receiver went on to verify
# the whole file. (A relay reads the sender's stream at 150 KB/s.)
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src"
head -c $((6 * 1024 * 1024)) /dev/urandom >"$src/slow.bin"

start_receiver "$dst" --yes --once --timeout 60 || exit 1
for _ in 1 2 3 4 5; do
    Q=$(( (RANDOM % 20000) + 30000 ))
    "$FERRY_MITM" --rate 150000 "$Q" "$RPORT" /dev/null >"$T/relay.log" 2>&1 &
    PIDS+=("$!")
    for _ in $(seq 1 100); do grep -q listening "$T/relay.log" && break; sleep 0.05; done
    grep -q listening "$T/relay.log" && break
done
t0=$(date +%s)
send --to "127.0.0.1:$Q" "$src/slow.bin"
took=$(( $(date +%s) - t0 ))
check "the send over the slow link exits 0 (status $SRC, $took s)" [ "$SRC" -eq 0 ]
check "it took longer than the idle timeout, so the test means something ($took s)" [ "$took" -gt 32 ]
wait_exit "$RPID" 30; rs=$?
check "the receiver exits 0 (status $rs)" [ "$rs" -eq 0 ]
check "the file arrived identical" cmp -s "$src/slow.bin" "$dst/slow.bin"
[ "$FAILS" -eq 0 ] || cat "$SLOG" "$RLOG" >&2
finish
