#!/usr/bin/env bash
# The window's network report, in network namespaces made here on one
# bridge (10.77.4.0/24, never any address outside them): the window in W
# (with a virtual "docker0"), `ferry receive` as "desk" in D, nothing in N.
#  - "Can't see a machine?" beside the nearby list opens the report: the
#    virtual interface skipped, desk answering on W's network, this
#    window receiving on its port; Close closes it;
#  - a send to N fails, and its "Why?" opens the report on the way there:
#    nothing is listening on 10.77.4.3.
# The exact lines are checked in the text the window drew, and the
# screenshots are kept. Needs root (CI is root).
. "$(dirname "$0")/lib_ui.sh"
. "$(dirname "$0")/../e2e/lib_netns.sh"

mkbridge br0
for h in W D N; do mkns "$tag$h"; done
link "${tag}W" eth0 br0 10.77.4.1/24
link "${tag}D" eth0 br0 10.77.4.2/24
link "${tag}N" eth0 br0 10.77.4.3/24
ip -n "${tag}W" link add docker0 type veth peer name dk0peer
ip -n "${tag}W" addr add 172.17.0.1/16 dev docker0
ip -n "${tag}W" link set dk0peer up
ip -n "${tag}W" link set docker0 up

mkdir -p "$T/in-D"
ip netns exec "${tag}D" env XDG_CONFIG_HOME="$T/cfg-D" "$FERRY" receive $RISK --name desk --dir "$T/in-D" \
    --yes >"$T/recv-D.log" 2>&1 </dev/null &
PIDS+=("$!")
for _ in $(seq 1 50); do grep -q "Ferry is receiving" "$T/recv-D.log" && break; sleep 0.1; done

mkdir -p "$T/src" "$T/inbox"
echo "to nowhere" >"$T/src/lost.txt"
{
    echo "wait listening 10"
    echo "wait nearby 5"
    echo "click Can't see a machine?"
    echo "shot checking"
    echo "wait doctor 20"
    echo "shot report"
    echo "click Close"
    echo "shot closed"
    drop_lines "$T/src/lost.txt"
    echo "click Address"
    for _ in $(seq 1 20); do echo "key backspace"; done
    echo "type 10.77.4.3"
    echo "key enter"
    echo "wait failed 30"
    echo "shot failed"
    echo "click Why?"
    echo "wait doctor 20"
    echo "shot why"
    echo "quit"
} >"$T/script.txt"
UI_PORT=53317 UI_DISCOVERY=1 UI_PREFIX="ip netns exec ${tag}W" start_window "$T/script.txt" "$T/inbox" || exit 1
wait_exit "$WPID" 90; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check_shot report "Network check: can't see a machine?"
check "the virtual interface is named and skipped" \
    grep -qF "docker0 (172.17.0.1) is a virtual network for Docker: skipped, no other machine is there." "$SHOTS/report.txt"
check "desk answered on the window's network" \
    grep -qF "On network 10.77.4.0/24 (eth0) 1 Ferry machine answered: desk (10.77.4.2)." "$SHOTS/report.txt"
check "the window itself holds the port" grep -qE "^Ferry is receiving here on TCP port 53317 \(process [0-9]+\)\.$" "$SHOTS/report.txt"
check "and says all is well" grep -qE "^All good \(checked in [0-9.]+ s\)\.$" "$SHOTS/report.txt"
check "status words are drawn" grep -qx "ok" "$SHOTS/report.txt"
check "Close closes the report" [ -z "$(grep -F "Network check" "$SHOTS/closed.txt")" ]
check_shot failed "Why?"
check_shot why "Network check: the way to 10.77.4.3"
check "Why? says nothing is listening there" \
    grep -qF "Nothing is listening on 10.77.4.3 port 53317: Ferry is not receiving there." "$SHOTS/why.txt"
check "with the fix" grep -qF "Fix: Open Ferry on that machine (the window, or ferry receive), then try again." "$SHOTS/why.txt"
check "the window never stopped drawing while checking" grep -qF "Checking this machine and the network" "$SHOTS/checking.txt"
echo "screenshots in $SHOTS"
[ "$FAILS" -eq 0 ] || cat "$WLOG" >&2
finish
