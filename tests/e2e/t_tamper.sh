#!/usr/bin/env bash
# Tampering on the wire has its own status: a relay flips one bit of the
# sender's encrypted stream well after the handshake. The receiver refuses
# the record ("a record failed authentication: the data was altered on the
# way") and `receive --once` exits 12, not 10 ("not paired"), which it
# did before; the sender is told and exits 12 too (or 5 if the connection
# was gone first); nothing unverified is left as a final file.
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src"
head -c $((4 * 1024 * 1024)) /dev/urandom >"$src/data.bin"

start_receiver "$dst" --yes --once || exit 1
for _ in 1 2 3 4 5; do
    Q=$(( (RANDOM % 20000) + 30000 ))
    "$FERRY_MITM" --flip 1000000 "$Q" "$RPORT" "$T/wire.rec" >"$T/relay.log" 2>&1 &
    PIDS+=("$!")
    for _ in $(seq 1 100); do grep -q listening "$T/relay.log" && break; sleep 0.05; done
    grep -q listening "$T/relay.log" && break
done
send --to "127.0.0.1:$Q" "$src/data.bin"
wait_exit "$RPID" 30; rs=$?
check "receive --once exits 12 for tampering (got $rs)" [ "$rs" -eq 12 ]
check "the receiver says the data was altered" grep -q "a record failed authentication: the data was altered on the way" "$RLOG"
check "the sender exits 12, or 5 if it lost the connection first (got $SRC)" [ "$SRC" -eq 12 -o "$SRC" -eq 5 ]
check "no final file was made from altered data" [ ! -e "$dst/data.bin" ]
finish
