#!/usr/bin/env bash
# Interrupted transfers resume: the sender killed mid-file, then the
# receiver killed mid-file. Each rerun must send far fewer bytes than the
# file, and the result must be byte-identical.
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src/set"
head -c $((64 * 1024 * 1024)) /dev/urandom >"$src/set/big.bin"
# Small files sort before big.bin: they complete before the kill, so the
# rerun must skip them entirely.
for i in 1 2 3; do head -c 100000 /dev/urandom >"$src/set/0-small$i.bin"; done
size=$(( 64 * 1024 * 1024 + 300000 ))

# 1. Sender killed after ~2 s at 8 MB/s (about 16 MB of 64).
start_receiver "$dst" --yes || exit 1
"$FERRY" send $RISK --to "127.0.0.1:$RPORT" --limit 8M "$src/set" >"$T/s1.log" 2>&1 &
spid=$!; PIDS+=("$spid")
sleep 2.5; kill -9 "$spid"; wait "$spid" 2>/dev/null
wait_recv_ends 1 60 # a rerun while the receiver still holds the dead transfer is refused
check "a .part file holds the partial data" [ -n "$(find "$dst" -name 'big.bin.part' -size +1M)" ]
check "the journal exists, in the receiver's config folder" [ -n "$(find "$XDG_CONFIG_HOME/ferry/resume" -name '*.resume')" ]
check "and nothing of Ferry's own but .part in the receive folder" [ -z "$(find "$dst" -name '.ferry*')" ]
check "no final big.bin yet" [ ! -e "$dst/set/big.bin" ]
part=$(stat -c %s "$dst/set/big.bin.part")
send --to "127.0.0.1:$RPORT" "$src/set"
check "rerun exits 0" [ "$SRC" -eq 0 ]
check "tree identical after resume" diff -r "$src/set" "$dst/set"
sent=$(bytes_sent "$SLOG")
check "rerun sent $sent bytes: at most total $size minus kept $part minus the finished small files" \
    test -n "$sent" -a "${sent:-0}" -le $(( size - part - 300000 ))
check "no second copy was made" [ ! -e "$dst/set (1)" ]
check "no leftovers" no_leftovers "$dst"
kill "$RPID"; wait "$RPID" 2>/dev/null

# 2. Receiver killed mid-file, restarted, sender rerun.
dst2="$T/dst2"
start_receiver "$dst2" --yes || exit 1
"$FERRY" send $RISK --to "127.0.0.1:$RPORT" --limit 8M "$src/set" >"$T/s2.log" 2>&1 &
spid=$!; PIDS+=("$spid")
sleep 2.5; kill -9 "$RPID"; wait "$RPID" 2>/dev/null
wait_exit "$spid" 40; ss=$?
check "sender notices the lost receiver (exit 5)" [ "$ss" -eq 5 ]
check "sender says the connection was lost" grep -q "^ferry: connection to 127.0.0.1:$RPORT lost" "$T/s2.log"
part=$(stat -c %s "$dst2/set/big.bin.part" 2>/dev/null || echo 0)
check "partial data kept after receiver crash ($part bytes)" [ "$part" -gt 1000000 ]
start_receiver "$dst2" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/set"
check "rerun after receiver restart exits 0" [ "$SRC" -eq 0 ]
check "tree identical" diff -r "$src/set" "$dst2/set"
sent=$(bytes_sent "$SLOG")
check "resumed: sent $sent bytes, kept $part" test -n "$sent" -a "${sent:-0}" -le $(( size - part - 300000 ))

# 3. A finished transfer sent again is a new transfer: it never overwrites.
send --to "127.0.0.1:$RPORT" "$src/set"
check "third run exits 0" [ "$SRC" -eq 0 ]
check "third run made a copy (journal gone: a new transfer)" diff -r "$src/set" "$dst2/set (1)"

# 4. Journals nobody resumed for 30 days are removed when a transfer starts;
# a recent one (another transfer that may still be resumed) stays.
jdir="$XDG_CONFIG_HOME/ferry/resume"
old_j="$jdir/00000000000000000000000000000001.resume"
new_j="$jdir/00000000000000000000000000000002.resume"
printf 'ferry-resume 2\n' >"$old_j"; touch -d '31 days ago' "$old_j"
printf 'ferry-resume 2\n' >"$new_j"; touch -d '29 days ago' "$new_j"
send --to "127.0.0.1:$RPORT" "$src/set/0-small1.bin"
check "fourth run exits 0" [ "$SRC" -eq 0 ]
check "a journal untouched for 31 days is gone" [ ! -e "$old_j" ]
check "one untouched for 29 days stays" [ -f "$new_j" ]
finish
