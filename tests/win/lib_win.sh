# lib_win.sh: runs ferry.exe under wine next to the Linux ferry, for the
# interop tests. Source after tests/e2e/lib.sh. The environment comes from
# tests/win.cmake: FERRY (Linux), FERRY_EXE, WINEPREFIX, WINEDEBUG.
: "${FERRY_EXE:?FERRY_EXE must point at ferry.exe}"
: "${WINEPREFIX:?WINEPREFIX must name a prefix made by prefix.sh}"
command -v wine >/dev/null || { fail "wine is missing"; finish; }
# The Windows side keeps its keys and settings in the test's temp folder
# (a Unix path: wine reaches it through drive Z:, the current drive).
export FERRY_CONFIG_DIR="$T/wine-config"
mkdir -p "$FERRY_CONFIG_DIR"
cd "$T" || exit 1

# wferry ARGS...: runs ferry.exe; status in WRC, output in WLOG.
wferry() {
    WLOG="$T/wferry.log"
    wine "$FERRY_EXE" "$@" >"$WLOG" 2>&1 </dev/null
    WRC=$?
}

# start_wreceiver DIR [ARGS...]: `ferry.exe receive` on a free port; sets
# WPORT, WPID, WRLOG (start_receiver with wine in front).
start_wreceiver() {
    local rc
    RECEIVER=(wine "$FERRY_EXE")
    start_receiver "$@"; rc=$?
    RECEIVER=()
    WPORT=$RPORT WPID=$RPID WRLOG=$RLOG
    return $rc
}
