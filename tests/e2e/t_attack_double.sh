#!/usr/bin/env bash
# Attack (or accident): the same files sent twice at once to one receiver,
# the second send starting 0-300 ms after the first (so it often arrives
# while the first is mid-file), with and without --limit; and a "double
# click": the same send started twice within 10 ms. Both offers carry the
# same transfer id, so a receiver that keys its partial files by id alone
# would let the two write into the same files.
# What must hold, every round: each sender exits 0, or fails saying the
# files are "already being received"; at least one exits 0; every file
# under the receive folder is byte-identical to its source (after dropping
# a " (N)" collision suffix from the top folder's name), every copy is
# complete, no .part is left and no file is zero-filled; the receiver says
# "verified" exactly once per successful sender. Afterwards a plain rerun
# of the same send exits 0.
# FERRY_DOUBLE_ROUNDS (default 50; CI sets fewer under ThreadSanitizer) sets the number of rounds, FERRY_DOUBLE_SEED
# the random seed (printed, to replay a failure).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_attack.sh"

ROUNDS=${FERRY_DOUBLE_ROUNDS:-50}
CLICKS=$(( ROUNDS / 4 > 3 ? ROUNDS / 4 : 3 ))
SEED=${FERRY_DOUBLE_SEED:-$$}
RANDOM=$SEED
echo "# seed $SEED (FERRY_DOUBLE_SEED=$SEED replays these rounds)"

src="$T/src/set"; dst="$T/dst"
mkdir -p "$src/sub/emptydir" "$dst"
head -c $((12 * 1000 * 1000)) /dev/urandom >"$src/a12.bin"
head -c $((7 * 1000 * 1000)) /dev/urandom >"$src/b7.bin"
head -c $((3 * 1000 * 1000)) /dev/urandom >"$src/sub/c3.bin"
printf x >"$src/d1.bin" # not a zero byte: the zero-fill check below
: >"$src/e_empty"
: >"$src/sub/f_empty"

start_receiver "$dst" --yes || exit 1
BAD_ROUNDS=0
NO_END_LINES=
BOTH_OK=0 REFUSED=0 # how the rounds went: both delivered, or one turned away

# round NAME DELAY_MS [--limit RATE]: one round; every problem is a FAIL
# naming the round.
round() {
    local name=$1 delay=$2; shift 2
    local lines0 ends0 ok=0 s1 s2 i f rel top rest want tops=0 verified bad=$FAILS
    lines0=$(wc -l <"$RLOG")
    ends0=$(recv_ends)
    bg_send "$T/s1.log" --to "127.0.0.1:$RPORT" "$@" "$src"; local p1=$SPID
    [ "$delay" -gt 0 ] && sleep "$(printf '0.%03d' "$delay")"
    bg_send "$T/s2.log" --to "127.0.0.1:$RPORT" "$@" "$src"; local p2=$SPID
    wait_exit "$p1" 120; s1=$?
    wait_exit "$p2" 120; s2=$?
    for i in 1 2; do
        local s log=$T/s$i.log
        [ "$i" = 1 ] && s=$s1 || s=$s2
        if [ "$s" -eq 0 ]; then
            ok=$((ok + 1))
        elif ! grep -qF "already being received" "$log"; then
            fail "$name: sender $i exited $s without saying 'already being received': $(grep '^ferry:' "$log" | head -2 | tr '\n' ' ')"
        fi
    done
    [ "$ok" -ge 1 ] || fail "$name: neither sender succeeded ($s1, $s2)"
    [ "$ok" -eq 2 ] && BOTH_OK=$((BOTH_OK + 1)) || REFUSED=$((REFUSED + 1))
    # The receiver prints its verdict after sending RESULT: let it catch up.
    for i in $(seq 1 400); do
        verified=$(tail -n +$((lines0 + 1)) "$RLOG" | grep -c "all verified")
        [ "$verified" -ge "$ok" ] && break
        sleep 0.05
    done
    [ "$verified" -eq "$ok" ] || fail "$name: receiver said 'verified' $verified times for $ok successful senders"
    [ -z "$(find "$dst" -name '*.part')" ] || fail "$name: .part files left: $(find "$dst" -name '*.part' | head -3 | tr '\n' ' ')"
    while IFS= read -r -d '' f; do
        rel=${f#"$dst"/}; top=${rel%%/*}; rest=${rel#*/}
        want="$src/$rest"
        if [ "$rel" = "$top" ] || ! [[ "$top" =~ ^set(\ \([0-9]+\))?$ ]]; then
            fail "$name: unexpected file $rel"
        elif [ ! -f "$want" ]; then
            fail "$name: stray file $rel (no such file was sent)"
        elif ! not_zero_filled "$f" && not_zero_filled "$want"; then
            fail "$name: $rel is zero-filled"
        elif ! cmp -s "$want" "$f"; then
            fail "$name: $rel differs from the source$( [ "$verified" -gt 0 ] && echo ', yet the receiver said verified')"
        fi
    done < <(find "$dst" -type f -print0)
    while IFS= read -r -d '' f; do
        top=${f#"$dst"/}
        tops=$((tops + 1))
        if ! [[ "$top" =~ ^set(\ \([0-9]+\))?$ ]] || [ ! -d "$f" ] || [ -L "$f" ]; then
            fail "$name: unexpected entry $top in the receive folder"
        elif ! diff -r "$src" "$f" >/dev/null; then
            fail "$name: $top is not a complete copy: $(diff -r "$src" "$f" 2>&1 | head -3 | tr '\n' ' ')"
        fi
    done < <(find "$dst" -mindepth 1 -maxdepth 1 -print0)
    [ "$tops" -eq "$ok" ] || fail "$name: $tops copies in the receive folder for $ok successful senders"
    if [ "$FAILS" -gt "$bad" ]; then
        BAD_ROUNDS=$((BAD_ROUNDS + 1))
        echo "# $name: senders exited $s1 and $s2; receiver said:" >&2
        tail -n +$((lines0 + 1)) "$RLOG" | grep -v '^  ' | sed 's/^/#   /' >&2
        [ -e "$T/failed-round" ] || cp -a "$dst" "$T/failed-round"
    fi
    # Both transfers must be over on the receiver's side too before the
    # next round offers the same id again. If it does not report refused
    # transfers, stop waiting for that after the first time.
    if [ -z "$NO_END_LINES" ]; then wait_recv_ends $((ends0 + 2)) 10 || NO_END_LINES=1; fi
    rm -rf "$dst"; mkdir -p "$dst" # a fresh receive folder for the next round
}

limits=(15M 25M 40M 60M)
for r in $(seq 1 "$ROUNDS"); do
    delay=$(( RANDOM % 301 ))
    if [ $(( r % 3 )) -eq 0 ]; then
        round "round $r (second after ${delay} ms, no limit)" "$delay"
    else
        lim=${limits[RANDOM % ${#limits[@]}]}
        round "round $r (second after ${delay} ms, --limit $lim)" "$delay" --limit "$lim"
    fi
done
for r in $(seq 1 "$CLICKS"); do
    delay=$(( RANDOM % 11 ))
    if [ $(( r % 2 )) -eq 0 ]; then
        round "double click $r (${delay} ms apart, no limit)" "$delay"
    else
        round "double click $r (${delay} ms apart, --limit 40M)" "$delay" --limit 40M
    fi
done
echo "# $BOTH_OK rounds delivered two copies, $REFUSED turned one sender away"
check "every one of $ROUNDS rounds and $CLICKS double clicks held ($BAD_ROUNDS did not)" [ "$BAD_ROUNDS" -eq 0 ]

send --to "127.0.0.1:$RPORT" "$src"
check "a plain rerun afterwards exits 0 (got $SRC)" [ "$SRC" -eq 0 ]
check "and delivers the tree complete" diff -r "$src" "$dst/set"
check "receiver still running" kill -0 "$RPID"
finish
