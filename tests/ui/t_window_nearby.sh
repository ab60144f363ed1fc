#!/usr/bin/env bash
# The window lists the machines nearby and sends to one picked from the list.
# Three network namespaces made here on one bridge (10.77.3.0/24, never any
# address outside them): the window in W, `ferry receive` as "desk" in D and
# as "laptop" in L. The window must list both within two seconds of starting
# to receive, show their OS and address, and a click on "desk" followed by
# Enter must deliver the dropped file to desk only. Needs root (CI is root).
. "$(dirname "$0")/lib_ui.sh"
. "$(dirname "$0")/../e2e/lib_netns.sh"

mkbridge br0
for h in W D L; do mkns "$tag$h"; done
link "${tag}W" eth0 br0 10.77.3.1/24
link "${tag}D" eth0 br0 10.77.3.2/24
link "${tag}L" eth0 br0 10.77.3.3/24

for h in D L; do
    name=desk; [ "$h" = L ] && name=laptop
    mkdir -p "$T/in-$h"
    ip netns exec "$tag$h" env XDG_CONFIG_HOME="$T/cfg-$h" "$FERRY" receive $RISK --name "$name" --dir "$T/in-$h" \
        --yes >"$T/recv-$h.log" 2>&1 </dev/null &
    PIDS+=("$!")
done
for h in D L; do
    for _ in $(seq 1 50); do grep -q "Ferry is receiving" "$T/recv-$h.log" && break; sleep 0.1; done
done

mkdir -p "$T/src" "$T/inbox"
head -c 300000 /dev/urandom >"$T/src/for-desk.bin"
{
    echo "wait listening 10"
    echo "wait nearby 2"
    echo "sleep 300"
    echo "shot nearby"
    drop_lines "$T/src/for-desk.bin"
    echo "click desk"
    echo "shot picked"
    echo "click Address"
    echo "key enter"
    echo "wait done 30"
    echo "shot sent"
    echo "quit"
} >"$T/script.txt"
UI_PORT=53317 UI_DISCOVERY=1 UI_PREFIX="ip netns exec ${tag}W" start_window "$T/script.txt" "$T/inbox" || exit 1
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check_shot nearby "2 machines nearby"
check "the list shows desk" grep -qx "desk" "$SHOTS/nearby.txt"
check "the list shows laptop" grep -qx "laptop" "$SHOTS/nearby.txt"
check "with OS and address" grep -qF "Linux · 10.77.3.2:53317" "$SHOTS/nearby.txt"
check "and that it is not paired yet" grep -qx "not paired yet" "$SHOTS/nearby.txt"
check_shot picked "desk"
check "picking desk fills the field" grep -q "ui script: click desk" "$WLOG"
check_shot sent "Verified"
check "desk received the file, identical" cmp -s "$T/src/for-desk.bin" "$T/in-D/for-desk.bin"
check "laptop received nothing" [ -z "$(ls -A "$T/in-L")" ]
echo "screenshots in $SHOTS"
[ "$FAILS" -eq 0 ] || cat "$WLOG" >&2
finish
