#!/usr/bin/env bash
# The window under a real window manager (openbox) with the real mouse
# (xdotool), issue 17 item 1 and 4: the first click into the window while
# another app has the focus counts (it sends), and a real double click on
# Send is one transfer (the receiver gets y.bin once, no "y (1).bin").
. "$(dirname "$0")/lib_ui.sh"
for tool in openbox xdotool xmessage; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (.ci/packages-ui.txt)" >&2; exit 1; }
done

src="$T/src"; dst="$T/dst"; inbox="$T/inbox"
mkdir -p "$src" "$dst" "$inbox"
head -c 300000 /dev/urandom >"$src/x.bin"
head -c 300000 /dev/urandom >"$src/y.bin"
start_receiver "$dst" --yes || exit 1
{
    echo "wait listening 10"
    drop_lines "$src/x.bin"
    echo "click Address"
    echo "type 127.0.0.1:$RPORT"
    echo "sleep 300"
    echo "where Send"
    echo "say phase1"
    echo "wait done 60"
    echo "sleep 300"
    echo "click Clear"
    drop_lines "$src/y.bin"
    echo "sleep 300"
    echo "where Send"
    echo "say phase2"
    echo "sleep 6000"
    echo "quit"
} >"$T/script.txt"

# A display of its own (Xvfb picks a free number), openbox on it, then the
# window; another app takes the focus before each click.
mkdir -p "$XDG_CONFIG_HOME/ferry"
printf 'device_name=window\nreceive_dir=%s\nport=%s\nallow_unpaired_mitm_risk=1\ndiscovery=0\n' "$inbox" \
    $(( (RANDOM % 20000) + 30000 )) >"$XDG_CONFIG_HOME/ferry/settings.txt"
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$T/display" 2>"$T/xvfb.log" &
XPID=$!; PIDS+=("$XPID")
for _ in $(seq 1 200); do [ -s "$T/display" ] && break; sleep 0.05; done
DISPLAY=:$(cat "$T/display"); export DISPLAY
openbox >"$T/openbox.log" 2>&1 &
PIDS+=($!)
sleep 1
FERRY_UI_SCRIPT="$T/script.txt" FERRY_UI_SCALE=1 "$FERRY" >"$T/window.log" 2>&1 </dev/null &
WPID=$!; PIDS+=("$WPID")
WLOG="$T/window.log"
waitsay() { for _ in $(seq 1 1200); do grep -qE "ui script: say $1|FAILED at" "$WLOG" 2>/dev/null && return; sleep 0.05; done; }
# click_unfocused WHAT CLICKS: another app takes the focus, then the real
# mouse clicks CLICKS times on the Send button the script located.
click_unfocused() {
    local wid mid at
    wid=$(xdotool search --sync --name '^Ferry$' | head -1)
    xmessage -geometry +0+0 "another app" &
    mid=$!; PIDS+=("$mid")
    xdotool search --sync --name '^xmessage$' windowactivate --sync >/dev/null 2>&1
    sleep 0.5
    check "$1: another app has the focus" [ "$(xdotool getactivewindow)" != "$wid" ]
    at=$(sed -n 's/^ui where: Send \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$WLOG" | tail -1)
    # shellcheck disable=SC2086
    xdotool mousemove --window "$wid" $at
    sleep 0.3
    xdotool click --repeat "$2" --delay 120 1
    sleep 0.5
    kill "$mid" 2>/dev/null
}
waitsay phase1
click_unfocused "single click" 1
waitsay phase2
check "the first click into the unfocused window sent x.bin" cmp -s "$src/x.bin" "$dst/x.bin"
click_unfocused "double click" 2
for _ in $(seq 1 400); do [ -f "$dst/y.bin" ] && break; sleep 0.05; done
sleep 2
check "the double click sent y.bin" cmp -s "$src/y.bin" "$dst/y.bin"
check "once: nothing else arrived ($(ls "$dst" | tr '\n' ' '))" [ "$(ls "$dst" | wc -l)" -eq 2 ]
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$RLOG" >&2
finish
