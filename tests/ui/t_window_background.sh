#!/usr/bin/env bash
# Working in the background. On D-Bus buses of the test's own (a session
# bus with a fake notification service, a "system" bus with a fake logind:
# tests/ui/fake_desktop.py), with the window not in front:
#  - an incoming offer and the finished transfer each show a desktop
#    notification (org.freedesktop.Notifications.Notify);
#  - both the window (receiving) and `ferry send` hold a logind
#    "sleep:idle" inhibitor while the transfer runs, and close it (the
#    fake logind sees the file descriptor's end) when it is over.
# Where a real logind runs, `systemd-inhibit --list` is checked too.
. "$(dirname "$0")/lib_ui.sh"

PY=/usr/bin/python3
$PY -c 'import dbus, gi' 2>/dev/null || { echo "python3-dbus and python3-gi are missing" >&2; exit 1; }
command -v dbus-daemon >/dev/null || { echo "dbus-daemon is missing" >&2; exit 1; }
src="$T/src"; inbox="$T/inbox"
mkdir -p "$src" "$inbox"
head -c 30000000 /dev/urandom >"$src/slow.bin"

for bus in session system; do
    dbus-daemon --config-file=/usr/share/dbus-1/session.conf --nofork --address="unix:path=$T/$bus.bus" \
        >/dev/null 2>&1 &
    PIDS+=("$!")
done
for i in $(seq 1 100); do [ -S "$T/session.bus" ] && [ -S "$T/system.bus" ] && break; sleep 0.05; done
$PY "$FERRY_TESTS/ui/fake_desktop.py" "unix:path=$T/session.bus" "unix:path=$T/system.bus" "$T/desk.log" &
PIDS+=("$!")
for i in $(seq 1 100); do grep -q ready "$T/desk.log" 2>/dev/null && break; sleep 0.1; done
check "the fake desktop services run" grep -q ready "$T/desk.log"
export DBUS_SESSION_BUS_ADDRESS="unix:path=$T/session.bus" DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/system.bus"

cat >"$T/script.txt" <<'SCRIPT'
wait listening 10
focus out
wait offer 30
sleep 500
click Accept
wait running 30
say running
wait done 60
sleep 1000
quit
SCRIPT
start_window "$T/script.txt" "$inbox" || exit 1
# 30 MB at 10 MB/s: three seconds to look at the inhibitors meanwhile.
"$FERRY" send $RISK --limit 10M --to "127.0.0.1:$WPORT" "$src/slow.bin" >"$T/send.log" 2>&1 </dev/null &
spid=$!
PIDS+=("$spid")
for i in $(seq 1 300); do grep -q "ui say: running" "$WLOG" && break; sleep 0.05; done
sleep 0.5
during_inh=$(grep -c '^inhibit what=sleep:idle who=Ferry' "$T/desk.log")
during_rel=$(grep -c '^released' "$T/desk.log")
if command -v systemd-inhibit >/dev/null && systemd-inhibit --list >/dev/null 2>&1 &&
    [ "$DBUS_SYSTEM_BUS_ADDRESS" = "unix:path=/run/dbus/system_bus_socket" ]; then
    check "systemd-inhibit lists Ferry" sh -c 'systemd-inhibit --list | grep -q Ferry'
fi
wait_exit "$spid" 60; st=$?
wait_exit "$WPID" 60; wrc=$?
sleep 0.5
check "ferry send exits 0 (status $st)" [ "$st" -eq 0 ]
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "the file arrived" cmp -s "$src/slow.bin" "$inbox/slow.bin"
check "while it ran: window and sender held an inhibitor each ($during_inh)" [ "$during_inh" -eq 2 ]
check "while it ran: none released ($during_rel)" [ "$during_rel" -eq 0 ]
check "afterwards both were closed" [ "$(grep -c '^released' "$T/desk.log")" -eq 2 ]
check "inhibitor asked as sleep:idle, block" grep -q "what=sleep:idle who=Ferry why=Transferring files mode=block" "$T/desk.log"
check "the offer was notified" grep -qE "^notify app=Ferry summary=Ferry body=.* wants to send you 1 file$" "$T/desk.log"
check "the end was notified" grep -qE "^notify app=Ferry summary=Ferry body=Received 1 file from " "$T/desk.log"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$T/send.log" "$T/desk.log" >&2
finish
