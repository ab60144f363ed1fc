#!/usr/bin/env bash
# At 200% (a HiDPI display) the window is drawn at twice the size, with
# text rasterized at that size: the screenshot is twice as wide, not blank,
# and has all its text.
. "$(dirname "$0")/lib_ui.sh"

printf 'wait listening 10\nshot scale1\nquit\n' >"$T/s1.txt"
start_window "$T/s1.txt" "$T/inbox" || exit 1
wait_exit "$WPID" 20
printf 'wait listening 10\nshot scale2\nquit\n' >"$T/s2.txt"
UI_SCALE=2 start_window "$T/s2.txt" "$T/inbox" || exit 1
wait_exit "$WPID" 20; wrc=$?
check "window at 200% ran (status $wrc)" [ "$wrc" -eq 0 ]
check_shot scale1 "Drop files or folders here"
check_shot scale2 "Drop files or folders here"
w1=$("$CONVERT" "$SHOTS/scale1.png" -format %w info:)
w2=$("$CONVERT" "$SHOTS/scale2.png" -format %w info:)
check "200% is twice as wide ($w1 -> $w2)" [ "$w2" -eq $((w1 * 2)) ]
finish
