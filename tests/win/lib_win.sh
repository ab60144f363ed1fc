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
# WPORT, WPID, WRLOG (like start_receiver).
start_wreceiver() {
    local dir=$1; shift
    local try i
    for try in 1 2 3 4 5; do
        WPORT=$(( (RANDOM % 20000) + 30000 + try ))
        WRLOG="$T/wrecv-$WPORT.log"
        wine "$FERRY_EXE" receive $RISK $NODISCO --dir "$dir" --port "$WPORT" "$@" >"$WRLOG" 2>&1 </dev/null &
        WPID=$!
        PIDS+=("$WPID")
        for i in $(seq 1 400); do
            if grep -q "Ferry is receiving" "$WRLOG" 2>/dev/null; then return 0; fi
            if ! kill -0 "$WPID" 2>/dev/null; then break; fi
            sleep 0.05
        done
        kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null
    done
    echo "could not start ferry.exe receive: $(cat "$WRLOG")" >&2
    return 1
}
