#!/usr/bin/env bash
# A network that vanishes mid-transfer (issue 16): two machines made of
# network namespaces joined by one veth pair (never any address outside
# them), 10.77.3.1 receiving and 10.77.3.2 sending. Once data flows, the
# link goes down at both ends: nothing is closed, nothing more arrives.
#  - the receiver (--timeout 10) drops the sender within its timeout and
#    says the transfer failed;
#  - the sender (no such option: the default idle timeout, 30 s) exits 5
#    within its own, saying the connection was lost or the receiver silent;
#  - with the link back up the same send resumes: at most the size minus
#    the kept .part crosses, and the file arrives byte-identical.
# How long each side took is printed (# lines). Needs root.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_netns.sh"

RTIMEOUT=10   # the receiver's --timeout
STIMEOUT=30   # the sender's idle timeout: the documented default
# Each side's limit is its timeout plus 5 s, counted from the moment the
# link went down (its last byte came at or before that). The 5 s cover
# Ferry's 0.5 s polling tick, ending the process, and a loaded machine or a
# ThreadSanitizer build, and stay far from twice the timeout (20 s), which
# is what the receiver took before issue 16 was fixed.
MARGIN=5

mkns "${tag}r"
mkns "${tag}s"
ip -n "${tag}r" link add eth0 type veth peer name eth0 netns "${tag}s"
ip -n "${tag}r" addr add 10.77.3.1/24 dev eth0
ip -n "${tag}s" addr add 10.77.3.2/24 dev eth0
link_set() { ip -n "${tag}r" link set eth0 "$1" && ip -n "${tag}s" link set eth0 "$1"; }
link_set up

src="$T/src"; dst="$T/dst"
mkdir -p "$src" "$dst"
size=$((64 * 1024 * 1024))
head -c "$size" /dev/urandom >"$src/big.bin"

# in_ns NS CMD...: runs CMD in a namespace with that machine's own config
# folder (keys, resume state). It execs: run it in a subshell, whose PID is
# then ferry's own, which cleanup stops.
in_ns() { local n=$1; shift; exec ip netns exec "$tag$n" env XDG_CONFIG_HOME="$T/cfg-$n" "$@"; }

# forget PID: a process waited for leaves PIDS, so cleanup cannot signal
# another process that got its number since.
forget() {
    local keep=() p
    for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    PIDS=("${keep[@]}")
}

# receiver LOG: a --once receiver in r; sets RPID, RLOG.
receiver() {
    RLOG=$1
    (in_ns r "$FERRY" receive $RISK $NODISCO --dir "$dst" --yes --once --timeout "$RTIMEOUT") >"$RLOG" 2>&1 </dev/null &
    RPID=$!
    PIDS+=("$RPID")
    for _ in $(seq 1 100); do grep -q "Ferry is receiving" "$RLOG" && return 0; sleep 0.05; done
    fail "a receiver starts: $(cat "$RLOG")"
    return 1
}

receiver "$T/recv1.log" || finish
# 4 MB/s: a few seconds of data flow, most of the file still to come.
(in_ns s "$FERRY" send $RISK --to 10.77.3.1 --limit 4M "$src/big.bin") >"$T/send1.log" 2>&1 </dev/null &
spid=$!
PIDS+=("$spid")
for _ in $(seq 1 200); do
    [ -n "$(find "$dst" -name 'big.bin.part' -size +4M)" ] && break
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.05
done
check "data flows before the link goes down" [ -n "$(find "$dst" -name 'big.bin.part' -size +4M)" ]

link_set down
down=$(date +%s%N)
# Polls both until they exit; each exit time in ms after the link went down.
rgone=; sgone=
while [ -z "$rgone" ] || [ -z "$sgone" ]; do
    now=$(( ($(date +%s%N) - down) / 1000000 ))
    [ -z "$rgone" ] && ! kill -0 "$RPID" 2>/dev/null && rgone=$now
    [ -z "$sgone" ] && ! kill -0 "$spid" 2>/dev/null && sgone=$now
    [ "$now" -gt 120000 ] && break
    sleep 0.1
done
# stopped PID GONE: the exit status of a process that exited, or 124 if it
# still ran (it is stopped, and the check on its time fails).
stopped() {
    if [ -z "$2" ]; then kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; return 124; fi
    wait "$1"; local st=$?
    forget "$1"
    return $st
}
stopped "$RPID" "$rgone"; rst=$?
stopped "$spid" "$sgone"; sst=$?
secs() { [ -n "$1" ] && printf '%d.%d s' $(($1 / 1000)) $(($1 % 1000 / 100)) || echo "over 120 s"; }
echo "# link down: the receiver (--timeout $RTIMEOUT) exited after $(secs "$rgone"), status $rst"
echo "# link down: the sender (idle timeout $STIMEOUT s) exited after $(secs "$sgone"), status $sst"
sed 's/^/#   receiver: /' "$T/recv1.log" | grep -v '^#   receiver: \(Ferry is\|Reachable\|Files go\)'
sed 's/^/#   sender:   /' "$T/send1.log"

check "the receiver gave up within ${RTIMEOUT} + ${MARGIN} s ($(secs "$rgone"))" \
    [ "${rgone:-999999}" -le $(( (RTIMEOUT + MARGIN) * 1000 )) ]
check "and not before its timeout" [ "${rgone:-0}" -ge $(( RTIMEOUT * 1000 - 1000 )) ]
check "the receiver says the transfer failed" grep -qE "^ferry: transfer from .* failed: " "$T/recv1.log"
check "the receiver (--once) exits 5, connection lost" [ "$rst" -eq 5 ]
check "the sender gave up within ${STIMEOUT} + ${MARGIN} s ($(secs "$sgone"))" \
    [ "${sgone:-999999}" -le $(( (STIMEOUT + MARGIN) * 1000 )) ]
check "the sender exits 5" [ "$sst" -eq 5 ]
check "the sender says the connection was lost or the receiver silent" \
    grep -qE "^ferry: .*(connection to 10\.77\.3\.1:53317 lost|10\.77\.3\.1:53317 went silent)" "$T/send1.log"
part=$(stat -c %s "$dst/big.bin.part" 2>/dev/null || echo 0)
check "the partial file is kept ($part bytes)" [ "$part" -gt 1000000 ]

# The network comes back: the same send resumes.
link_set up
receiver "$T/recv2.log" || finish
(in_ns s "$FERRY" send $RISK --to 10.77.3.1 "$src/big.bin") >"$T/send2.log" 2>&1 </dev/null
SRC=$?
wait_exit "$RPID" 30; rst=$?
[ "$rst" -ne 124 ] && forget "$RPID"
check "the rerun exits 0" [ "$SRC" -eq 0 ]
check "and the receiver too" [ "$rst" -eq 0 ]
check "the file arrived byte-identical" cmp -s "$src/big.bin" "$dst/big.bin"
sent=$(bytes_sent "$T/send2.log")
check "the rerun resumed: sent ${sent:-?} bytes, at most $size minus the kept $part" \
    test -n "$sent" -a "${sent:-0}" -le $(( size - part ))
check "no second copy" [ ! -e "$dst/big (1).bin" ]
check "no .part and no resume journal left" \
    [ -z "$(find "$dst" "$T/cfg-r/ferry/resume" -name '*.part' -o -name '*.resume' 2>/dev/null)" ]
finish
