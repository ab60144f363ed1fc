#!/usr/bin/env bash
# Files dragged over the window light up the drop zone before the drop
# (issue 17 item 8). SDL2 says nothing until the drop, so the window reads
# X11's Xdnd messages itself. First the script driver's fake drag (the
# model path), then a real Xdnd source (fy_xdnd_source, as a file manager
# does it) under openbox: hover and leave, then hover and drop, whose file
# must reach the send list through SDL's own Xdnd handling.
. "$(dirname "$0")/lib_ui.sh"
for tool in openbox xdotool; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (.ci/packages-ui.txt)" >&2; exit 1; }
done
XDND=${FERRY_XDND_SOURCE:-$FERRY_BUILD/tests/fy_xdnd_source}
[ -x "$XDND" ] || { echo "fy_xdnd_source is not built ($XDND)" >&2; exit 1; }

src="$T/src"; inbox="$T/inbox"
mkdir -p "$src" "$inbox"
echo "dropped for real" >"$src/a file.txt"
{
    echo "wait listening 10"
    echo "drag-enter"
    echo "drag-over drop zone"
    echo "wait drag-in-zone 10"
    echo "shot drag-fake"
    echo "drag-leave"
    echo "wait not-dragging 10"
    echo "expect-text Drop files or folders here"
    echo "where drop zone"
    echo "say hover"
    echo "wait drag-in-zone 60"
    echo "shot drag-hover"
    echo "wait not-dragging 60"
    echo "shot drag-left"
    echo "say drop"
    echo "wait items:1 60"
    echo "wait not-dragging 10"
    echo "shot drag-dropped"
    echo "drag-enter"
    echo "drag-over drop zone"
    echo "wait drag-in-zone 10"
    echo "shot drag-small"
    echo "drag-leave"
    echo "wait not-dragging 10"
    echo "quit"
} >"$T/script.txt"

mkdir -p "$XDG_CONFIG_HOME/ferry"
printf 'device_name=window\nreceive_dir=%s\nport=%s\nallow_unpaired_mitm_risk=1\ndiscovery=0\n' "$inbox" \
    $(( (RANDOM % 20000) + 30000 )) >"$XDG_CONFIG_HOME/ferry/settings.txt"
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$T/display" 2>"$T/xvfb.log" &
PIDS+=($!)
for _ in $(seq 1 200); do [ -s "$T/display" ] && break; sleep 0.05; done
DISPLAY=:$(cat "$T/display"); export DISPLAY
openbox >"$T/openbox.log" 2>&1 &
PIDS+=($!)
sleep 1
FERRY_UI_SCRIPT="$T/script.txt" FERRY_UI_SHOTS="$SHOTS" FERRY_UI_SCALE=1 "$FERRY" >"$T/window.log" 2>&1 </dev/null &
WPID=$!; PIDS+=("$WPID")
WLOG="$T/window.log"
waitsay() { for _ in $(seq 1 1200); do grep -qE "ui script: say $1|FAILED at" "$WLOG" 2>/dev/null && return; sleep 0.05; done; }

waitsay hover
wid=$(xdotool search --sync --name '^Ferry$' | head -1)
at=$(sed -n 's/^ui where: drop zone \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$WLOG" | tail -1)
check "the script located the drop zone ($at)" [ -n "$at" ]
# Held 3 s over the zone (the window waits for it, then takes a shot), then
# XdndLeave.
# shellcheck disable=SC2086
"$XDND" "$wid" $at 3000 >"$T/xdnd-hover.log" 2>&1; xrc=$?
check "hover: the window answered XdndPosition and the source left (status $xrc)" [ "$xrc" -eq 0 ]
check "hover: the window accepts the drag" grep -q "status accept=1" "$T/xdnd-hover.log"
waitsay drop
# shellcheck disable=SC2086
"$XDND" "$wid" $at 1000 "$src/a file.txt" >"$T/xdnd-drop.log" 2>&1; xrc=$?
check "drop: the window fetched the URIs and finished (status $xrc)" [ "$xrc" -eq 0 ]
check "drop: it asked for text/uri-list" grep -q "selection request for text/uri-list: sent the URIs" "$T/xdnd-drop.log"
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]

check_shot drag-fake "Drop to add"
check_shot drag-hover "Drop to add"
check_shot drag-left "Drop files or folders here"
check_shot drag-dropped "a file.txt"
check_shot drag-small "Drop to add"
check "after the leave the zone no longer says Drop to add" bash -c "! grep -qF 'Drop to add' '$SHOTS/drag-left.txt'"
check "after the drop the zone no longer says Drop to add" bash -c "! grep -qF 'Drop to add' '$SHOTS/drag-dropped.txt'"
check "after the drop the list says Added 1 item" grep -qF "Added 1 item." "$SHOTS/drag-dropped.txt"
# The lit zone is filled with the theme's accent_soft (232,239,253); unlit,
# that colour is (nearly) absent.
soft() { "$CONVERT" "$SHOTS/$1.png" -format %c histogram:info:- | sed -n 's/^ *\([0-9]*\):.*(232,239,253[,)].*/\1/p' | head -1; }
lit=$(soft drag-hover); unlit=$(soft drag-left)
check "hover shot: the zone is lit (${lit:-0} accent pixels)" [ "${lit:-0}" -gt 50000 ]
check "after the leave: not lit (${unlit:-0} accent pixels)" [ "${unlit:-0}" -lt 5000 ]
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$T"/xdnd-*.log >&2
finish
