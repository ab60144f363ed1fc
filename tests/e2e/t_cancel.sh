#!/usr/bin/env bash
# Ctrl-C (SIGINT) on either side cancels cleanly: the other side is told
# "cancelled", both exit with status 9, partial data stays for a resume.
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src"
head -c $((20 * 1000 * 1000)) /dev/urandom >"$src/big.bin"

# The sender is interrupted.
start_receiver "$dst" --yes || exit 1
"$FERRY" send $RISK --to "127.0.0.1:$RPORT" --limit 4M "$src/big.bin" >"$T/s1.log" 2>&1 &
spid=$!; PIDS+=("$spid")
sleep 1.5; kill -INT "$spid"
wait_exit "$spid" 10; ss=$?
check "interrupted sender exits 9" [ "$ss" -eq 9 ]
check "interrupted sender says cancelled" grep -qx "ferry: cancelled" "$T/s1.log"
sleep 0.5
check "receiver is told the sender cancelled" grep -q "failed: sender: cancelled by the sender" "$RLOG"
check "partial data kept" [ -s "$dst/big.bin.part" ]

# The receiver is interrupted.
"$FERRY" send $RISK --to "127.0.0.1:$RPORT" --limit 4M "$src/big.bin" >"$T/s2.log" 2>&1 &
spid=$!; PIDS+=("$spid")
sleep 1.5; kill -INT "$RPID"
wait_exit "$RPID" 10; rs=$?
check "interrupted receiver exits 9" [ "$rs" -eq 9 ]
check "interrupted receiver explains" grep -q "ferry: cancelled; partial files are kept and resume when sent again" "$RLOG"
wait_exit "$spid" 10; ss=$?
check "sender exits 9 when the receiver cancels" [ "$ss" -eq 9 ]
check "sender is told the receiver cancelled" grep -qx "ferry: receiver: cancelled by the receiver" "$T/s2.log"

# And the resume still completes.
start_receiver "$dst" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/big.bin"
check "resume after cancel completes" [ "$SRC" -eq 0 ]
check "file identical" cmp -s "$src/big.bin" "$dst/big.bin"
finish
