#!/usr/bin/env bash
# A bad link (issue 16): loss, delay, jitter and reordering, made by a
# userspace relay (tests/e2e/fy_lossy.c) since this kernel has no sch_netem.
# Three machines made of network namespaces (never any address outside
# them): a sends (10.79.1.1), b receives (10.79.2.1), r routes between the
# two subnets and sends every packet through two TUN devices that fy_lossy
# joins: whatever comes in from a is routed to tuna, fy_lossy writes it to
# tunb, and r forwards it to b (and back the same way). The relay is a's only
# way to b. Both ways: 2 % loss, 20 +- 10 ms delay, 1 % reordering.
#  - a send of a 16 MiB random file exits 0, so does the receiver, and the
#    file arrives byte-identical; the relay's counters show that it carried
#    the data and really dropped and reordered packets (this test cannot
#    pass over a clean link);
#  - the relay stops dead (SIGSTOP) for 8 s in the middle of a transfer,
#    then goes on (SIGCONT): TCP retransmits, the transfer completes and the
#    file is verified.
# Counters and timings are printed (# lines). Needs root and /dev/net/tun.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_netns.sh"

LOSSY=${FERRY_LOSSY:-$(dirname "${FERRY_EVIL:?FERRY_EVIL must point at fy_evil}")/fy_lossy}
IMPAIR=(--loss 2 --delay 20 --jitter 10 --reorder 1)
STOP_S=8
# How fast TCP gets through depends on its congestion control: BBR (this
# machine's default) moves the 16 MiB in about a second and the whole test
# takes about 11 s; CUBIC, which takes every loss for congestion, about
# 270 KB/s (16 MiB in about a minute). Sanitizer builds encrypt and hash
# slower still.
if [ "${FERRY_SANITIZED:-0}" = 1 ]; then size1=$((4 * 1024 * 1024)) size2=$((4 * 1024 * 1024))
else size1=$((16 * 1024 * 1024)) size2=$((8 * 1024 * 1024)); fi

if [ ! -x "$LOSSY" ] || [ ! -c /dev/net/tun ]; then
    fail "this test needs $LOSSY and /dev/net/tun"; finish
fi

for h in a r b; do mkns "$tag$h"; done
ip -n "${tag}r" link add eth0 type veth peer name eth0 netns "${tag}a"
ip -n "${tag}r" link add eth1 type veth peer name eth0 netns "${tag}b"
ip -n "${tag}a" addr add 10.79.1.1/24 dev eth0
ip -n "${tag}b" addr add 10.79.2.1/24 dev eth0
ip -n "${tag}r" addr add 10.79.1.254/24 dev eth0
ip -n "${tag}r" addr add 10.79.2.254/24 dev eth1
ip -n "${tag}a" link set eth0 up
ip -n "${tag}b" link set eth0 up
ip -n "${tag}a" route add default via 10.79.1.254
ip -n "${tag}b" route add default via 10.79.2.254
# r forwards, and takes packets from a TUN device whose source address is
# routed elsewhere (rp_filter would drop them). The devices stay across
# relay runs (persistent), and so do the routes through them.
ip netns exec "${tag}r" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
    net.ipv4.conf.default.rp_filter=0
ip -n "${tag}r" tuntap add mode tun name tuna
ip -n "${tag}r" tuntap add mode tun name tunb
for d in eth0 eth1 tuna tunb; do
    ip -n "${tag}r" link set "$d" up
    ip netns exec "${tag}r" sysctl -qw "net.ipv4.conf.$d.rp_filter=0"
done
# What comes in from a (eth0) goes to tuna, what comes in from b (eth1) to
# tunb; what fy_lossy writes to the other device takes the main table.
ip -n "${tag}r" rule add iif eth0 lookup 101
ip -n "${tag}r" route add default dev tuna table 101
ip -n "${tag}r" rule add iif eth1 lookup 102
ip -n "${tag}r" route add default dev tunb table 102

# in_ns NS CMD...: runs CMD in a namespace with that machine's own config
# folder. It execs: run it in a subshell, whose PID is then CMD's own.
in_ns() { local n=$1; shift; exec ip netns exec "$tag$n" env XDG_CONFIG_HOME="$T/cfg-$n" "$@"; }
forget() {
    local keep=() p
    for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    PIDS=("${keep[@]}")
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { printf '%d.%d s' $(($1 / 1000)) $(($1 % 1000 / 100)); }

# relay LOG SEED: starts fy_lossy in r; sets LPID.
relay() {
    (in_ns r "$LOSSY" "${IMPAIR[@]}" --seed "$2" tuna tunb) >"$1" 2>&1 </dev/null &
    LPID=$!
    PIDS+=("$LPID")
    for _ in $(seq 1 100); do grep -q '^ready' "$1" && return 0; sleep 0.05; done
    fail "the relay starts: $(cat "$1")"
    return 1
}
# relay_stop LOG: ends the relay; sets DROPPED and REORDERED (totals) and
# PASSED_AB (packets from a to b).
relay_stop() {
    kill -CONT "$LPID" 2>/dev/null
    kill -TERM "$LPID"
    wait "$LPID"; local st=$?
    forget "$LPID"
    sed '/^ready$/d; s/^/# relay: /' "$1"
    check "the relay exits 0" [ "$st" -eq 0 ]
    read -r _ _ _ _ DROPPED _ REORDERED _ < <(grep '^total ' "$1")
    read -r _ _ PASSED_AB _ < <(grep '^a->b ' "$1")
}
# receiver DIR LOG: a --once receiver in b; sets RPID.
receiver() {
    (in_ns b "$FERRY" receive $RISK $NODISCO --dir "$1" --yes --once) >"$2" 2>&1 </dev/null &
    RPID=$!
    PIDS+=("$RPID")
    for _ in $(seq 1 100); do grep -q "Ferry is receiving" "$2" && return 0; sleep 0.05; done
    fail "a receiver starts: $(cat "$2")"
    return 1
}

mkdir -p "$T/src" "$T/dst1" "$T/dst2"
head -c "$size1" /dev/urandom >"$T/src/one.bin"
head -c "$size2" /dev/urandom >"$T/src/two.bin"

# 1. A whole transfer over the bad link.
relay "$T/lossy1.log" 16 || finish
# The round trip, as a TCP connect to a closed port of b sees it (SYN out,
# RST back, through the relay both ways): at least twice 20 - 10 ms. The
# best of 5, as a lost SYN or RST costs a second.
rtt=$(ip netns exec "${tag}a" bash -c 'best=999999
    for _ in 1 2 3 4 5; do
        t0=${EPOCHREALTIME/./}; (exec 3<>/dev/tcp/10.79.2.1/9) 2>/dev/null; t1=${EPOCHREALTIME/./}
        [ $(( (t1 - t0) / 1000 )) -lt $best ] && best=$(( (t1 - t0) / 1000 ))
    done; echo $best')
echo "# round trip through the relay: $rtt ms; congestion control: $(ip netns exec "${tag}a" sysctl -n net.ipv4.tcp_congestion_control)"
check "the relay delays packets (round trip $rtt ms >= 20 ms)" [ "$rtt" -ge 20 ]
receiver "$T/dst1" "$T/recv1.log" || finish
t0=$(now_ms)
(in_ns a "$FERRY" send $RISK --to 10.79.2.1 "$T/src/one.bin") >"$T/send1.log" 2>&1 </dev/null
sst=$?
took=$(( $(now_ms) - t0 ))
wait_exit "$RPID" 30; rst=$?
[ "$rst" -ne 124 ] && forget "$RPID"
echo "# $((size1 / 1048576)) MiB over the bad link in $(secs "$took") ($(( size1 / (took + 1) )) kB/s)"
sed 's/^/#   sender: /' "$T/send1.log"
relay_stop "$T/lossy1.log"
check "the send exits 0" [ "$sst" -eq 0 ]
check "the receiver exits 0" [ "$rst" -eq 0 ]
check "the file arrived byte-identical" cmp -s "$T/src/one.bin" "$T/dst1/one.bin"
check "the data went through the relay (${PASSED_AB:-0} packets a->b)" \
    [ "${PASSED_AB:-0}" -ge $(( size1 / 1500 )) ]
check "the relay dropped packets (${DROPPED:-0})" [ "${DROPPED:-0}" -gt 0 ]
check "the relay reordered packets (${REORDERED:-0})" [ "${REORDERED:-0}" -gt 0 ]

# 2. The relay stops dead for STOP_S seconds mid-transfer.
relay "$T/lossy2.log" 17 || finish
receiver "$T/dst2" "$T/recv2.log" || finish
t0=$(now_ms)
(in_ns a "$FERRY" send $RISK --to 10.79.2.1 "$T/src/two.bin") >"$T/send2.log" 2>&1 </dev/null &
spid=$!
PIDS+=("$spid")
part="$T/dst2/two.bin.part"
early=$(( size2 / 8 ))
for _ in $(seq 1 600); do
    [ "$(stat -c %s "$part" 2>/dev/null || echo 0)" -ge "$early" ] && break
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.05
done
at_stop=$(stat -c %s "$part" 2>/dev/null || echo 0)
check "data flows before the relay stops ($at_stop bytes)" [ "$at_stop" -ge "$early" ]
kill -STOP "$LPID"
stopped=$(now_ms)
sleep 1
frozen1=$(stat -c %s "$part" 2>/dev/null || echo 0)
sleep $((STOP_S - 1))
frozen2=$(stat -c %s "$part" 2>/dev/null || echo 0)
kill -CONT "$LPID"
resumed=$(now_ms)
check "nothing arrives while the relay is stopped ($frozen1 = $frozen2 bytes)" [ "$frozen1" -eq "$frozen2" ]
check "the transfer was not over when the relay stopped" [ "$frozen2" -lt "$size2" ]
moving=
for _ in $(seq 1 600); do
    [ "$(stat -c %s "$part" 2>/dev/null || echo "$size2")" -gt "$frozen2" ] && { moving=$(now_ms); break; }
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.05
done
wait_exit "$spid" 60; sst=$?
[ "$sst" -ne 124 ] && forget "$spid"
done_at=$(now_ms)
wait_exit "$RPID" 30; rst=$?
[ "$rst" -ne 124 ] && forget "$RPID"
echo "# relay stopped $(secs $((resumed - stopped))) at $at_stop bytes;" \
    "data moved again $(secs $(( ${moving:-$done_at} - resumed ))) after it went on;" \
    "the whole send took $(secs $((done_at - t0)))"
sed 's/^/#   sender: /' "$T/send2.log"
relay_stop "$T/lossy2.log"
check "after the stop, the send exits 0" [ "$sst" -eq 0 ]
check "and the receiver too" [ "$rst" -eq 0 ]
check "the file arrived byte-identical" cmp -s "$T/src/two.bin" "$T/dst2/two.bin"
check "no .part left" [ -z "$(find "$T/dst1" "$T/dst2" -name '*.part')" ]
finish
