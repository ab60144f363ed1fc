#!/usr/bin/env bash
# Pairing and encryption, end to end: first contact shows the same code on
# both terminals and pairs; later transfers need no code; unpaired peers
# without a person are refused; a changed key is refused loudly; `forget`
# unpairs; a relaying man in the middle is caught; nothing readable crosses
# the wire. Each side has its own config folder (its own identity).
. "$(dirname "$0")/lib.sh"
: "${FERRY_MITM:?FERRY_MITM must point at the fy_mitm test tool}"

src="$T/src"; dst="$T/dst"
mkdir -p "$src" "$dst"
MARK="FERRYMARK7c41"
for i in $(seq 1 2000); do echo "$MARK line $i"; done >"$src/$MARK-notes.txt"
R="env XDG_CONFIG_HOME=$T/cfgR"
S="env XDG_CONFIG_HOME=$T/cfgS"
port() { echo $(( (RANDOM % 20000) + 30000 )); }
relay() { # relay [--raw] TARGET LOG RECORD: starts fy_mitm on a free port, sets Q
    local raw=""
    [ "$1" = --raw ] && { raw=--raw; shift; }
    for _ in 1 2 3 4 5; do
        Q=$(port)
        "$FERRY_MITM" $raw "$Q" "$1" "$3" >"$2" 2>&1 &
        PIDS+=("$!")
        wait_for "$2" listening && return 0
    done
    return 1
}
wait_for() { # wait_for FILE TEXT
    for _ in $(seq 1 100); do grep -aq "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1
}

# 1. First contact, both people at terminals: the same code on both, both
#    confirm, the offer is accepted, the machines are paired.
P=$(port)
( sleep 1; printf 'y\n'; sleep 1; printf 'y\n'; sleep 30 ) |
    script -qfec "$R $FERRY receive $NODISCO --name desk --dir '$dst' --port $P --once" "$T/r1.log" >/dev/null 2>&1 &
rpid=$!; PIDS+=("$rpid")
wait_for "$T/r1.log" "Ferry is receiving" || fail "receiver did not start"
( sleep 2; printf 'y\n'; sleep 30 ) |
    script -qfec "$S $FERRY send --to 127.0.0.1:$P '$src/$MARK-notes.txt'" "$T/s1.log" >/dev/null 2>&1
ss=$?
wait_exit "$rpid" 20
check "first transfer with pairing exits 0" [ "$ss" -eq 0 ]
rcode=$(sed -n 's/.*Pairing code: \([0-9]\{3\} [0-9]\{3\}\).*/\1/p' "$T/r1.log" | head -1)
scode=$(sed -n 's/.*Pairing code: \([0-9]\{3\} [0-9]\{3\}\).*/\1/p' "$T/s1.log" | head -1)
check "receiver showed a 6-digit code ($rcode)" [ -n "$rcode" ]
check "both screens showed the same code" test -n "$scode" -a "$scode" = "$rcode"
check "file arrived" cmp -s "$src/$MARK-notes.txt" "$dst/$MARK-notes.txt"
check "sender stored desk" grep -q " desk$" "$T/cfgS/ferry/peers.txt"
check "receiver stored the sender" [ "$(grep -c '^[0-9a-f]\{64\} ' "$T/cfgR/ferry/peers.txt")" -eq 1 ]
check "identity key is private (0600)" [ "$(stat -c %a "$T/cfgR/ferry/identity.key")" = 600 ]

# 2. Paired: no terminals, no code, no risk option.
mkdir -p "$dst/2"
P=$(port)
$R "$FERRY" receive $NODISCO --name desk --dir "$dst/2" --port "$P" --yes --once >"$T/r2.log" 2>&1 </dev/null &
rpid=$!; PIDS+=("$rpid")
wait_for "$T/r2.log" "Ferry is receiving"
$S "$FERRY" send --to "127.0.0.1:$P" "$src/$MARK-notes.txt" >"$T/s2.log" 2>&1 </dev/null
check "paired transfer needs no code (exit $?)" [ -z "$(grep -l 'Pairing code' "$T/s2.log" "$T/r2.log")" ]
check "paired transfer arrived" cmp -s "$src/$MARK-notes.txt" "$dst/2/$MARK-notes.txt"
wait_exit "$rpid" 10

# 2b. A paired machine that sends another name now is shown by the name it
#     was paired with, the new one beside it (issue 17: it was renamed
#     silently by whatever --name it sent).
mkdir -p "$dst/2b"
P=$(port)
$R "$FERRY" receive $NODISCO --name desk --dir "$dst/2b" --port "$P" --yes --once >"$T/r2b.log" 2>&1 </dev/null &
rpid=$!; PIDS+=("$rpid")
wait_for "$T/r2b.log" "Ferry is receiving"
paired_as=$(sed -n 's/^[0-9a-f]\{64\} [0-9]* //p' "$T/cfgR/ferry/peers.txt" | head -1)
$S "$FERRY" send --name impostor --to "127.0.0.1:$P" "$src/$MARK-notes.txt" >"$T/s2b.log" 2>&1 </dev/null
wait_exit "$rpid" 10
check "a paired sender's new name is said beside the paired one" \
    grep -qF "(paired as \"$paired_as\"; it calls itself \"impostor\" now)" "$T/r2b.log"
check "and the offer is shown under the paired name" grep -q "^$paired_as (127.0.0.1:[0-9]*) wants to send" "$T/r2b.log"

# 3. Nothing readable on the wire: an honest relay records every byte.
mkdir -p "$dst/3"
P=$(port)
$R "$FERRY" receive $NODISCO --name desk --dir "$dst/3" --port "$P" --yes --once >"$T/r3.log" 2>&1 </dev/null &
rpid=$!; PIDS+=("$rpid")
wait_for "$T/r3.log" "Ferry is receiving"
relay --raw "$P" "$T/relay.log" "$T/wire.bin" || fail "relay did not start"
$S "$FERRY" send --to "127.0.0.1:$Q" "$src/$MARK-notes.txt" >"$T/s3.log" 2>&1 </dev/null
check "transfer through the relay exits 0" [ $? -eq 0 ]
check "file arrived through the relay" cmp -s "$src/$MARK-notes.txt" "$dst/3/$MARK-notes.txt"
check "the wire recording is not empty" [ "$(stat -c %s "$T/wire.bin")" -gt 40000 ]
check "the marker (in the name and the content) is nowhere on the wire" [ "$(grep -ac "$MARK" "$T/wire.bin")" -eq 0 ]
wait_exit "$rpid" 10

# 4. A stranger without a terminal and without the risk option is refused.
P=$(port)
$R "$FERRY" receive $NODISCO --name desk --dir "$dst" --port "$P" --yes >"$T/r4.log" 2>&1 </dev/null &
rpid=$!; PIDS+=("$rpid")
wait_for "$T/r4.log" "Ferry is receiving"
env XDG_CONFIG_HOME="$T/cfgX" "$FERRY" send --to "127.0.0.1:$P" "$src/$MARK-notes.txt" >"$T/s4.log" 2>&1 </dev/null
st=$?
check "unpaired stranger exits 10" [ "$st" -eq 10 ]
check "unpaired stranger is told why" grep -qx "ferry: \"desk\" is not paired with this machine, and nobody is here to compare a pairing code: pair once from a terminal or the window (or accept the risk with --allow-unpaired-mitm-risk)" "$T/s4.log"
kill "$rpid"; wait "$rpid" 2>/dev/null

# 5. The same name with another key (reinstalled, or an impostor).
mv "$T/cfgR/ferry/identity.key" "$T/identity.key.saved"
P=$(port)
$R "$FERRY" receive $NODISCO --name desk --dir "$dst" --port "$P" --yes >"$T/r5.log" 2>&1 </dev/null &
rpid=$!; PIDS+=("$rpid")
wait_for "$T/r5.log" "Ferry is receiving"
$S "$FERRY" send --to "127.0.0.1:$P" "$src/$MARK-notes.txt" >"$T/s5.log" 2>&1 </dev/null
st=$?
check "changed key exits 10" [ "$st" -eq 10 ]
check "changed key is refused loudly" grep -q "^ferry: WARNING: \"desk\" presented a different key than when it was paired" "$T/s5.log"
check "and says what to do" grep -q "run 'ferry forget \"desk\"' and pair again" "$T/s5.log"
kill "$rpid"; wait "$rpid" 2>/dev/null
mv "$T/identity.key.saved" "$T/cfgR/ferry/identity.key"

# 6. forget: the pairing is gone.
out=$($S "$FERRY" forget desk 2>&1); st=$?
check "forget exits 0" [ "$st" -eq 0 ]
check "forget says so" [ "$out" = 'Forgot "desk": the next transfer with it asks for a pairing code again.' ]
check "desk no longer in the list" [ -z "$(grep ' desk$' "$T/cfgS/ferry/peers.txt")" ]
out=$($S "$FERRY" forget nosuch 2>&1); st=$?
check "forgetting an unknown name exits 8" [ "$st" -eq 8 ]
check "and names it" [ "$out" = 'ferry: no paired device is called "nosuch"' ]

# 7. A man in the middle with its own key, relaying everything: caught by
#    the commitment before any code is shown on the receiving side.
P=$(port)
( sleep 1; printf 'y\n'; sleep 30 ) |
    script -qfec "$R $FERRY receive $NODISCO --name desk --dir '$dst' --port $P" "$T/r7.log" >/dev/null 2>&1 &
rpid=$!; PIDS+=("$rpid")
wait_for "$T/r7.log" "Ferry is receiving"
relay "$P" "$T/mitm.log" "$T/mitm.bin" || fail "man in the middle did not start"
( sleep 1; printf 'y\n'; sleep 30 ) |
    script -qfec "env XDG_CONFIG_HOME=$T/cfgM $FERRY send --name laptop2 --to 127.0.0.1:$Q '$src/$MARK-notes.txt'" "$T/s7.log" >/dev/null 2>&1
st=$?
check "sender behind a man in the middle exits 10" [ "$st" -eq 10 ]
wait_for "$T/r7.log" "does not match its commitment"
check "receiver names the interference" grep -aq "its revealed value does not match its commitment (someone may be interfering with the connection)" "$T/r7.log"
check "receiver showed no code" [ -z "$(grep -a 'Pairing code' "$T/r7.log")" ]
check "nothing was paired with the man in the middle" [ ! -s "$T/cfgM/ferry/peers.txt" ]

# 8. Pairing messages out of order are refused.
: "${FERRY_EVIL:?FERRY_EVIL must point at the fy_evil test tool}"
P=$(port)
( sleep 30 ) | script -qfec "$R $FERRY receive $NODISCO --name desk --dir '$dst' --port $P" "$T/r8.log" >/dev/null 2>&1 &
PIDS+=("$!")
wait_for "$T/r8.log" "Ferry is receiving"
out=$(timeout 20 "$FERRY_EVIL" "$P" pair-reveal-first)
check "out-of-order pairing: the sender is told" [ "$out" = "pairing: expected PAIR_COMMIT, got PAIR_REVEAL (32 bytes)" ]
wait_for "$T/r8.log" "expected PAIR_COMMIT"
check "out-of-order pairing: the receiver says so" grep -aq "refused a connection from 127.0.0.1:[0-9]*: pairing: expected PAIR_COMMIT, got PAIR_REVEAL (32 bytes)" "$T/r8.log"
finish
