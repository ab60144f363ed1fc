#!/usr/bin/env bash
# The transfer history of ferry.exe under wine (SQLite built statically from
# Debian's source): a Linux sender's files received by ferry.exe are listed
# by `ferry.exe history` with their final Windows paths (a collision's
# "(1)" name included), a text snippet is found by three of its letters, a
# send from ferry.exe is listed as sent, and --forget removes the entries
# but not the files.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib_win.sh"

# Each side its own config folder, so each has its own history.db
# (lib_win.sh gives both the same one).
WCFG="$FERRY_CONFIG_DIR"; export FERRY_CONFIG_DIR="$T/linux-config"
mkdir -p "$FERRY_CONFIG_DIR"
start_wreceiver() {
    RECEIVER=(env FERRY_CONFIG_DIR="$WCFG" wine "$FERRY_EXE")
    start_receiver "$@"; local rc=$?
    RECEIVER=()
    WPORT=$RPORT WPID=$RPID
    return $rc
}
wferry() {
    WLOG="$T/wferry.log"
    FERRY_CONFIG_DIR="$WCFG" wine "$FERRY_EXE" "$@" >"$WLOG" 2>&1 </dev/null
    WRC=$?
}

mkdir -p "$T/src" "$T/win-in" "$T/linux-in"
head -c 300000 /dev/urandom >"$T/src/wx.bin"
printf 'report\n' >"$T/src/quarterly-report.txt"
: >"$T/win-in/wx.bin"          # already there: the new one is "wx (1).bin"

# 1. Linux -> ferry.exe: two files, one of them colliding.
start_wreceiver "$T/win-in" --yes --once || exit 1
send --to "127.0.0.1:$WPORT" "$T/src/wx.bin" "$T/src/quarterly-report.txt"
wait_exit "$WPID" 60
check "Linux -> ferry.exe: send exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
check "wx (1).bin arrived identical" cmp -s "$T/src/wx.bin" "$T/win-in/wx (1).bin"

# 2. A text snippet to ferry.exe.
start_wreceiver "$T/win-in" --yes --once || exit 1
send --to "127.0.0.1:$WPORT" --text "meet at the harbour at noon"
wait_exit "$WPID" 60
check "Linux -> ferry.exe text: exits 0 (status $SRC)" [ "$SRC" -eq 0 ]

# 3. ferry.exe -> Linux.
start_receiver "$T/linux-in" --yes --once || exit 1
wferry send $RISK --to "127.0.0.1:$RPORT" "$T/src/quarterly-report.txt"
wait_exit "$RPID" 60
check "ferry.exe -> Linux: exits 0 (status $WRC)" [ "$WRC" -eq 0 ]

check "history.db is in ferry.exe's config folder" [ -s "$WCFG/history.db" ]

wferry history --json --received wx
check "history --received wx exits 0 (status $WRC)" [ "$WRC" -eq 0 ]
check "one line for wx (1).bin (got: $(cat "$WLOG"))" [ "$(grep -c '"name":"wx (1).bin"' "$WLOG")" -eq 1 ]
check "its path is the Windows path it got" grep -qE '"path":"Z:\\\\.*\\\\win-in\\\\wx \(1\)\.bin"' "$WLOG"
check "with its size and that it exists" grep -q '"size":300000.*"exists":true' "$WLOG"
check "and no scanner on wine: not scanned" grep -q '"scan":"not scanned"' "$WLOG"

wferry history har
check "three letters find the snippet (got: $(cat "$WLOG"))" grep -q 'meet at the harbour' "$WLOG"

wferry history --sent --json
check "the send from ferry.exe is listed as sent" grep -q '"direction":"sent".*"name":"quarterly-report.txt"' "$WLOG"
check "and only it" [ "$(grep -c '"direction"' "$WLOG")" -eq 1 ]

wferry history --forget --received wx
check "--forget exits 0 (status $WRC)" [ "$WRC" -eq 0 ]
wferry history --json wx
check "wx is no longer in the history" [ "$(grep -c '"name":"wx (1).bin"' "$WLOG")" -eq 0 ]
check "but the file is still there" cmp -s "$T/src/wx.bin" "$T/win-in/wx (1).bin"
finish
