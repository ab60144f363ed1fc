#!/usr/bin/env bash
# ferry.exe's window under wine and Xvfb: it opens, draws (a screenshot saved
# as PNG, not blank, with its text), "Choose files..." opens the Windows
# file dialog (a file name is typed into it with xdotool), a drop of a file
# is injected, and both files reach a Linux receiver byte for byte.
# .ci/test runs the Windows tests under one xvfb-run, so DISPLAY is set.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib_win.sh"
CONVERT=/usr/bin/convert
SHOTS_OUT=${FERRY_UI_SHOTS:-$T/shots-out}
[ -n "${DISPLAY:-}" ] || { fail "no DISPLAY: run the Windows tests under xvfb-run"; finish; }
mkdir -p "$T/shots" "$SHOTS_OUT" "$T/src" "$T/win-in"

start_receiver "$T/linux-in" --yes || exit 1
head -c 2000000 /dev/urandom >"$T/src/from windows ✓.bin"
# In the dialog's first folder (ferry.exe's current one): typed by name.
head -c 700000 /dev/urandom >"$T/picked.bin"
# What Explorer would hand over: a Windows path.
wpath=$(winepath -w "$T/src/from windows ✓.bin" 2>/dev/null)
printf 'device_name=winbox\nreceive_dir=%s\nport=%s\nallow_unpaired_mitm_risk=1\ndiscovery=0\n' \
    "$T/win-in" $(( (RANDOM % 20000) + 30000 )) >"$FERRY_CONFIG_DIR/settings.txt"
{
    echo "wait listening 60"
    echo "shot wine-empty"
    echo "click Choose files…"
    echo "say dialog"
    echo "sleep 15000"
    echo "shot wine-picked"
    echo "drop-begin"
    echo "drop-file $wpath"
    echo "drop-end"
    echo "click Address"
    echo "type 127.0.0.1:$RPORT"
    echo "shot wine-dropped"
    echo "key enter"
    echo "wait done 60"
    echo "shot wine-sent"
    echo "quit"
} >"$T/script.txt"
# The dialog opens where it was last used (remembered in the prefix's
# registry); forget that, so it opens in ferry.exe's current folder, $T.
wine reg delete 'HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\ComDlg32' /f >/dev/null 2>&1
FERRY_UI_SCRIPT="$T/script.txt" FERRY_UI_SHOTS="$T/shots" wine "$FERRY_EXE" >"$T/window.log" 2>&1 </dev/null &
wpid=$!; PIDS+=("$wpid")
# The common dialog is a real window: find it, type the file's name, Enter.
picked=0
for _ in $(seq 1 200); do grep -q "ui say: dialog" "$T/window.log" && break; sleep 0.05; done
for _ in $(seq 1 60); do
    id=$(xdotool search --name "Choose files to send" 2>/dev/null | head -1)
    if [ -n "$id" ]; then
        sleep 2 # until its controls take keys
        xdotool type --window "$id" --delay 20 "picked.bin"
        xdotool key --window "$id" Return
        picked=1
        break
    fi
    sleep 0.1
done
check "the Windows file dialog opened" [ "$picked" -eq 1 ]
wait_exit "$wpid" 120; wrc=$?
check "ferry.exe window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
[ "$wrc" -eq 0 ] || cat "$T/window.log" >&2
for s in wine-empty wine-picked wine-dropped wine-sent; do
    if "$CONVERT" "$T/shots/$s.bmp" "$SHOTS_OUT/$s.png" 2>/dev/null; then
        colours=$("$CONVERT" "$SHOTS_OUT/$s.png" -format %k info:)
        check "screenshot $s saved as PNG, not blank ($colours colours)" [ "${colours:-0}" -gt 64 ]
    else
        fail "screenshot $s saved"
    fi
done
check "the window drew its text" grep -qF "Drop files or folders here" "$T/shots/wine-empty.txt"
check "the file chosen in the dialog is in the list" grep -qx "picked.bin" "$T/shots/wine-picked.txt"
check "the transfer shows as verified" grep -qF "Verified" "$T/shots/wine-sent.txt"
check "the dropped file reached Linux identical" cmp -s "$T/src/from windows ✓.bin" "$T/linux-in/from windows ✓.bin"
check "the chosen file reached Linux identical" cmp -s "$T/picked.bin" "$T/linux-in/picked.bin"
echo "screenshots in $SHOTS_OUT"
finish
