#!/usr/bin/env bash
# HiDPI. At 200% the window is drawn at twice the size, with text
# rasterized at that size: on a screen with room for it the screenshot is
# twice as wide, not blank, and has all its text. The scale is found from
# the display (Xvfb -dpi 192: no FERRY_UI_SCALE), and on small screens the
# window stays inside the screen, under openbox placing it: 1400x900 at
# 192 DPI draws at 1.5 (the smallest layout at 2 would not fit), and so
# does a scale of 2 asked for (FERRY_UI_SCALE or Settings): on 1024x600 it
# draws at 1. The frame openbox adds stays inside too.
. "$(dirname "$0")/lib_ui.sh"

command -v openbox >/dev/null || { echo "openbox is missing (apt-get install openbox)" >&2; exit 1; }
printf 'wait listening 10\nsleep 500\nshot %s\nquit\n' scale1 >"$T/s1.txt"
start_window "$T/s1.txt" "$T/inbox" || exit 1
wait_exit "$WPID" 20
printf 'wait listening 10\nsleep 500\nshot %s\nquit\n' scale2 >"$T/s2.txt"
UI_SCALE=2 UI_SCREEN=2560x1600 start_window "$T/s2.txt" "$T/inbox" || exit 1
wait_exit "$WPID" 20; wrc=$?
check "window at 200% ran (status $wrc)" [ "$wrc" -eq 0 ]
check_shot scale1 "Drop files or folders here"
check_shot scale2 "Drop files or folders here"
w1=$("$CONVERT" "$SHOTS/scale1.png" -format %w info:)
w2=$("$CONVERT" "$SHOTS/scale2.png" -format %w info:)
check "200% is twice as wide ($w1 -> $w2)" [ "$w2" -eq $((w1 * 2)) ]

inside() { [ "${1:--1}" -ge 0 ] && [ "${2:--1}" -ge 0 ] && [ $(($1 + $3)) -le "$5" ] && [ $(($2 + $4)) -le "$6" ]; }
# fits NAME SCREEN_W SCREEN_H: the window (and its screenshot) lies inside
# the screen.
fits() {
    local name=$1 sw=$2 sh=$3 x y w h pw ph
    read -r x y w h < <(sed -n 's/^window: //p' "$SHOTS/$name.txt")
    pw=$("$CONVERT" "$SHOTS/$name.png" -format %w info:)
    ph=$("$CONVERT" "$SHOTS/$name.png" -format %h info:)
    check "$name: window $w x $h at $x,$y inside the ${sw}x${sh} screen" inside "$x" "$y" "$w" "$h" "$sw" "$sh"
    check "$name: its picture ${pw}x${ph} too" inside 0 0 "$pw" "$ph" "$sw" "$sh"
}
# run NAME SCREEN XVFB_OPTIONS SCALE
run() {
    printf 'wait listening 10\nsleep 1000\nshot %s\nquit\n' "$1" >"$T/$1.txt"
    UI_WM=1 UI_SCREEN=$2 UI_XVFB=$3 UI_SCALE=$4 start_window "$T/$1.txt" "$T/inbox" || return 1
    wait_exit "$WPID" 30; wrc=$?
    check "$1 ran (status $wrc)" [ "$wrc" -eq 0 ]
    check_shot "$1" "Drop files or folders here"
}
run dpi192_1400x900 1400x900 "-dpi 192" auto
fits dpi192_1400x900 1400 900
scale=$(sed -n 's/^scale: //p' "$SHOTS/dpi192_1400x900.txt")
check "192 DPI found without FERRY_UI_SCALE, lowered to fit: scale $scale" [ "$scale" = 1.50 ]
run dpi192_2800x1800 2800x1800 "-dpi 192" auto
scale=$(sed -n 's/^scale: //p' "$SHOTS/dpi192_2800x1800.txt")
check "192 DPI on a screen with room: scale $scale" [ "$scale" = 2.00 ]
fits dpi192_2800x1800 2800 1800
run forced2_1400x900 1400x900 "" 2
fits forced2_1400x900 1400 900
scale=$(sed -n 's/^scale: //p' "$SHOTS/forced2_1400x900.txt")
check "200% asked for on 1400x900 draws at 1.50 ($scale)" [ "$scale" = 1.50 ]
run small_1024x600 1024x600 "" auto
fits small_1024x600 1024 600
run forced2_1024x600 1024x600 "" 2
fits forced2_1024x600 1024 600
finish
