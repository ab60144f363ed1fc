#!/usr/bin/env bash
# Discovery across real network stacks: network namespaces made here (never
# any address outside them). Subnet A 10.77.1.0/24 holds h1, h2, h3 and r;
# subnet B 10.77.2.0/24 holds r and h5. r has an interface on each.
#  - machines on one subnet see each other within a second (ferry peers);
#  - the two-interface machine is found from both subnets;
#  - h5, on the other subnet, is not discovered from h1, but sending to its
#    address works (r routes);
#  - ferry send --to NAME finds a machine by its name.
# Needs root (CI runs as root).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_netns.sh"

mkbridge brA
mkbridge brB
for h in h1 h2 h3 r h5; do mkns "$tag$h"; done
link "${tag}h1" eth0 brA 10.77.1.1/24
link "${tag}h2" eth0 brA 10.77.1.2/24
link "${tag}h3" eth0 brA 10.77.1.3/24
link "${tag}r" eth0 brA 10.77.1.254/24
link "${tag}r" eth1 brB 10.77.2.254/24
link "${tag}h5" eth0 brB 10.77.2.5/24
ip netns exec "${tag}r" sysctl -qw net.ipv4.ip_forward=1
for h in h1 h2 h3; do ip -n "$tag$h" route add default via 10.77.1.254; done
ip -n "${tag}h5" route add default via 10.77.2.254

in_ns() { local h=$1; shift; ip netns exec "$tag$h" env XDG_CONFIG_HOME="$T/cfg-$h" "$@"; }
for h in h2 h3 r h5; do
    mkdir -p "$T/in-$h"
    # exec: $! is then the receiver itself, which cleanup stops.
    (exec ip netns exec "$tag$h" env XDG_CONFIG_HOME="$T/cfg-$h" "$FERRY" receive $RISK --name "$h" --dir "$T/in-$h" \
        --yes) >"$T/recv-$h.log" 2>&1 </dev/null &
    PIDS+=("$!")
done
for h in h2 h3 r h5; do
    for _ in $(seq 1 50); do grep -q "Ferry is receiving" "$T/recv-$h.log" && break; sleep 0.1; done
done

start=$(date +%s%N)
in_ns h1 "$FERRY" peers --wait 1 >"$T/peers-h1.txt" 2>&1
took=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$T/peers-h1.txt"
check "h1 sees h2 within a second" grep -qE "^  h2 +Linux +10\.77\.1\.2:53317 " "$T/peers-h1.txt"
check "h1 sees h3" grep -qE "^  h3 +Linux +10\.77\.1\.3:53317 " "$T/peers-h1.txt"
check "h1 sees the two-interface machine on subnet A" grep -qE "^  r +Linux +10\.77\.1\.254:53317 " "$T/peers-h1.txt"
check "h1 does not see h5 on the other subnet" [ -z "$(grep -E '^  h5 ' "$T/peers-h1.txt")" ]
check "peers answered in about a second (${took} ms)" [ "$took" -lt 3000 ]

in_ns h5 "$FERRY" peers --wait 1 >"$T/peers-h5.txt" 2>&1
check "h5 sees the two-interface machine on subnet B" grep -qE "^  r +Linux +10\.77\.2\.254:53317 " "$T/peers-h5.txt"
check "h5 does not see h2" [ -z "$(grep -E '^  h2 ' "$T/peers-h5.txt")" ]

echo "across the router" >"$T/routed.txt"
in_ns h1 "$FERRY" send $RISK --to 10.77.2.5 "$T/routed.txt" >"$T/send-h5.log" 2>&1 </dev/null
check "send by address to the other subnet works" cmp -s "$T/routed.txt" "$T/in-h5/routed.txt"

echo "by name" >"$T/byname.txt"
in_ns h1 "$FERRY" send $RISK --to h3 "$T/byname.txt" >"$T/send-h3.log" 2>&1 </dev/null
check "send --to NAME finds h3" cmp -s "$T/byname.txt" "$T/in-h3/byname.txt"

in_ns h1 "$FERRY" send $RISK --to nosuch "$T/byname.txt" >"$T/send-none.log" 2>&1 </dev/null
st=$?
check "an unknown name exits 3" [ "$st" -eq 3 ]
check "and says so" grep -qx 'ferry: cannot find host "nosuch"' "$T/send-none.log"
finish
