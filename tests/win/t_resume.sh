#!/usr/bin/env bash
# Resume across Linux and Windows after killing the wine side: ferry.exe
# receiving is killed mid-file, restarted, and the Linux sender's rerun
# sends only what is missing; then ferry.exe sending is killed mid-file and
# its rerun completes the copy on Linux. Results byte-identical.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib_win.sh"

src="$T/src"
mkdir -p "$src/set"
head -c $((48 * 1024 * 1024)) /dev/urandom >"$src/set/big.bin"
size=$((48 * 1024 * 1024))

# 1. The Windows receiver dies.
mkdir -p "$T/win-in"
start_wreceiver "$T/win-in" --yes || exit 1
"$FERRY" send $RISK --to "127.0.0.1:$WPORT" --limit 8M "$src/set" >"$T/s1.log" 2>&1 &
spid=$!; PIDS+=("$spid")
sleep 3; kill -9 "$WPID"; wait "$WPID" 2>/dev/null
wait "$spid" 2>/dev/null
check "the Windows side kept a .part file" [ -n "$(find "$T/win-in" -name 'big.bin.part' -size +1M)" ]
part=$(stat -c %s "$T/win-in/set/big.bin.part" 2>/dev/null || echo 0)
start_wreceiver "$T/win-in" --yes || exit 1
send --to "127.0.0.1:$WPORT" "$src/set"
check "rerun to ferry.exe exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
sent=$(bytes_sent "$SLOG")
check "rerun sent $sent bytes: at most $size minus the $part kept" test -n "$sent" -a "${sent:-0}" -le $(( size - part ))
check "identical after resume on Windows" cmp -s "$src/set/big.bin" "$T/win-in/set/big.bin"
check "nothing left over on the Windows side" no_leftovers "$T/win-in"
kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null

# 2. The Windows sender dies.
mkdir -p "$T/linux-in"
start_receiver "$T/linux-in" --yes || exit 1
wine "$FERRY_EXE" send $RISK --to "127.0.0.1:$RPORT" --limit 8M "$src/set" >"$T/ws1.log" 2>&1 </dev/null &
wpid=$!; PIDS+=("$wpid")
sleep 3; kill -9 "$wpid"; wait "$wpid" 2>/dev/null
wait_recv_ends 1 60 # a rerun while the receiver still holds the dead transfer is refused
check "the Linux side kept a .part file" [ -n "$(find "$T/linux-in" -name 'big.bin.part' -size +1M)" ]
part=$(stat -c %s "$T/linux-in/set/big.bin.part" 2>/dev/null || echo 0)
wferry send $RISK --to "127.0.0.1:$RPORT" "$src/set"
check "ferry.exe rerun exits 0 (status $WRC)" [ "$WRC" -eq 0 ]
sent=$(bytes_sent "$WLOG")
check "ferry.exe rerun sent $sent bytes: at most $size minus the $part kept" test -n "$sent" -a "${sent:-0}" -le $(( size - part ))
check "identical after resume on Linux" cmp -s "$src/set/big.bin" "$T/linux-in/set/big.bin"
check "nothing left over on the Linux side" no_leftovers "$T/linux-in"
finish
