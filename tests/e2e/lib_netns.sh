# lib_netns.sh: small private networks for tests, made of network namespaces
# this test creates (never any address outside them) and removed at exit.
#   mkns NAME                     a namespace with lo up
#   mkbridge BRIDGE               a bridge inside the "${tag}br" namespace
#   link NS IFNAME BRIDGE ADDR/N  a veth from NS (as IFNAME) to BRIDGE
# Needs root and iproute2; source after lib.sh.
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
    fail "this test needs root and iproute2 (ip netns)"; finish
fi
tag="fy$$"
NS=()
# Whatever still runs inside the namespaces is stopped first: deleting a
# namespace does not end its processes, and a receiver started there through
# a shell function is not the PID the test holds.
cleanup_ns() {
    local n
    for n in "${NS[@]:-}"; do
        [ -n "$n" ] || continue
        ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null
    done
    for n in "${NS[@]:-}"; do [ -n "$n" ] && ip netns del "$n" 2>/dev/null; done
}
trap 'cleanup; cleanup_ns' EXIT

mkns() { ip netns add "$1" && NS+=("$1") && ip -n "$1" link set lo up; }
mkbridge() {
    ip netns list | grep -q "^${tag}br\b" || mkns "${tag}br"
    ip -n "${tag}br" link add "$1" type bridge && ip -n "${tag}br" link set "$1" up
}
link() {
    local v="v$tag$RANDOM"
    ip link add "$v" type veth peer name "${v}b"
    ip link set "$v" netns "$1"; ip -n "$1" link set "$v" name "$2"; ip -n "$1" link set "$2" up
    ip -n "$1" addr add "$4" dev "$2"
    ip link set "${v}b" netns "${tag}br"; ip -n "${tag}br" link set "${v}b" master "$3" up
}
