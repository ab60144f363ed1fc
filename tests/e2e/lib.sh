# lib.sh: shared by the end-to-end tests. Each test gets its own temp
# folder, starts real ferry processes on 127.0.0.1 with a free port, and
# kills whatever it started on exit.
set -u
: "${FERRY:?FERRY must point at the ferry binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/ferry-e2e.XXXXXX")
export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config"
mkdir -p "$HOME"
# Virus scanning is off unless a test is about it (t_scan.sh): with clamav
# installed for that test, every other receive would run clamscan, which
# has no database here, and say "not scanned" for each file.
mkdir -p "$XDG_CONFIG_HOME/ferry"
echo "scan=off" >"$XDG_CONFIG_HOME/ferry/settings.txt"
PIDS=()
RECEIVER=()  # start_receiver runs this instead of $FERRY when set (ferry.exe under wine)
# Most tests are about moving files, not pairing: both sides accept an
# unpaired peer explicitly. t_pairing.sh tests pairing itself.
RISK=--allow-unpaired-mitm-risk
# Receivers started on this machine stay quiet: discovery would broadcast on
# its real interfaces, and tests talk only to 127.0.0.1 (t_disco.sh runs
# discovery inside network namespaces it builds).
NODISCO=--no-discovery
FAILS=0
CHECKS=0

cleanup() {
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    if [ "$FAILS" -eq 0 ] && [ -z "${KEEP:-}" ]; then rm -rf "$T"; else echo "kept $T" >&2; fi
}
trap cleanup EXIT

pass() { CHECKS=$((CHECKS + 1)); echo "ok - $*"; }
fail() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "FAIL - $*" >&2; }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
    echo "$((CHECKS - FAILS)) passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
    exit $?
}

# start_receiver DIR [ARGS...]: starts `ferry receive` on a free port; sets
# RPORT, RPID and RLOG. Retries other ports if one is taken. The command is
# RECEIVER (an array; default: $FERRY), so ferry.exe under wine can be used.
start_receiver() {
    local dir=$1; shift
    local try
    for try in 1 2 3 4 5 6 7 8; do
        RPORT=$(( (RANDOM % 20000) + 30000 + try ))
        RLOG="$T/recv-$RPORT.log"
        "${RECEIVER[@]:-$FERRY}" receive $RISK $NODISCO --dir "$dir" --port "$RPORT" "$@" >"$RLOG" 2>&1 </dev/null &
        RPID=$!
        PIDS+=("$RPID")
        local i
        for i in $(seq 1 $(( ${#RECEIVER[@]} ? 400 : 100 ))); do # wine starts slower
            if grep -q "Ferry is receiving" "$RLOG" 2>/dev/null; then return 0; fi
            if ! kill -0 "$RPID" 2>/dev/null; then break; fi
            sleep 0.05
        done
        kill "$RPID" 2>/dev/null; wait "$RPID" 2>/dev/null
    done
    echo "could not start a receiver: $(cat "$RLOG")" >&2
    return 1
}

# send ARGS...: runs `ferry send`, output in SLOG, status in SRC.
send() {
    SLOG="$T/send.log"
    "$FERRY" send $RISK "$@" >"$SLOG" 2>&1 </dev/null
    SRC=$?
}

# bytes_sent LOG: the exact count of file bytes that crossed the network.
bytes_sent() {
    sed -n 's/^Data sent over the network: \([0-9]*\) bytes.*/\1/p' "$1" | tail -1
}

# no_leftovers DIR: no .part file in DIR and no resume journal in the
# receiver's state folder remain.
no_leftovers() {
    [ -z "$(find "$1" -name '*.part')" ] &&
        [ -z "$(find "$XDG_CONFIG_HOME/ferry/resume" -name '*.resume' 2>/dev/null)" ]
}

# recv_ends: how many transfers the receiver (RLOG) has finished, either way.
recv_ends() {
    grep -cE '^ferry: transfer from .* failed:|all verified' "$RLOG" 2>/dev/null
}

# wait_recv_ends N SECONDS: polls until the receiver has finished N
# transfers. After a sender is killed, its rerun must not arrive while the
# receiver still holds the dead transfer (it could be told "already being
# received"); how long the receiver takes to notice depends on the load.
wait_recv_ends() {
    local i
    for i in $(seq 1 $(( $2 * 20 ))); do
        [ "$(recv_ends)" -ge "$1" ] && return 0
        sleep 0.05
    done
    echo "# note: the receiver had not reported the end of transfer $1 after $2 s" >&2
    return 1
}

wait_exit() { # wait_exit PID SECONDS: waits for a process, fails if it outlives SECONDS
    local i
    for i in $(seq 1 $(( $2 * 20 ))); do kill -0 "$1" 2>/dev/null || { wait "$1"; return $?; }; sleep 0.05; done
    return 124
}
