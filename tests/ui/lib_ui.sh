# lib_ui.sh: runs the real window under Xvfb, driven by a FERRY_UI_SCRIPT
# (see src/ui/fy_ui_script.c), next to the e2e helpers of tests/e2e/lib.sh.
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
SHOTS=${FERRY_UI_SHOTS:-$T/shots}
mkdir -p "$SHOTS"
UI_ARGS=()
CONVERT=/usr/bin/convert   # ImageMagick's own, not whatever is first on PATH
command -v xvfb-run >/dev/null || { echo "xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 1; }

# start_window SCRIPT DIR: starts the window with its own settings (port,
# receive folder DIR, unpaired peers allowed like the other e2e tests unless
# UI_UNPAIRED_OK=0) and
# waits until it receives; sets WPORT, WPID, WLOG. Retries if the port is taken.
# UI_SCREEN is the X screen (1280x1024), UI_XVFB more Xvfb options
# ("-dpi 192"), UI_WM=1 runs openbox, UI_SCALE=auto lets the window
# choose its scale. UI_SETTINGS adds lines to settings.txt.
# UI_ARGS (an array) are the window's arguments (`ferry FILE...`), UI_PORT fixes the port, UI_DISCOVERY=1 lets it find machines nearby (only
# inside a network namespace: UI_PREFIX="ip netns exec NS" runs it there).
start_window() {
    local script=$1 dir=$2 try i
    for try in 1 2 3 4 5; do
        WPORT=${UI_PORT:-$(( (RANDOM % 20000) + 30000 + try ))}
        WLOG="$T/window-$WPORT.log"
        mkdir -p "$XDG_CONFIG_HOME/ferry"
        printf 'device_name=window\nreceive_dir=%s\nport=%s\nallow_unpaired_mitm_risk=%s\ndiscovery=%s\nscan=%s\n' \
            "$dir" "$WPORT" "${UI_UNPAIRED_OK:-1}" "${UI_DISCOVERY:-0}" "${UI_SCAN:-off}" \
            >"$XDG_CONFIG_HOME/ferry/settings.txt"
        [ -n "${UI_SETTINGS:-}" ] && printf '%s\n' "$UI_SETTINGS" >>"$XDG_CONFIG_HOME/ferry/settings.txt"
        # UI_SCALE=auto: the window finds the scale itself.
        local scale_env=(FERRY_UI_SCALE="${UI_SCALE:-1}") run=("$FERRY" "${UI_ARGS[@]}")
        [ "${UI_SCALE:-}" = auto ] && scale_env=(-u FERRY_UI_SCALE)
        # UI_WM=1: under openbox, a real window manager that places the window.
        [ -n "${UI_WM:-}" ] && run=(sh -c 'openbox >/dev/null 2>&1 & sleep 1; exec "$@"' sh "$FERRY" "${UI_ARGS[@]}")
        env "${scale_env[@]}" FERRY_UI_SCRIPT="$script" FERRY_UI_SHOTS="$SHOTS" \
            ${UI_PREFIX:-} xvfb-run -a -s "-screen 0 ${UI_SCREEN:-1280x1024}x24 ${UI_XVFB:-}" "${run[@]}" \
            >"$WLOG" 2>&1 </dev/null &
        WPID=$!
        PIDS+=("$WPID")
        for i in $(seq 1 400); do
            if grep -q "ui script: wait listening" "$WLOG" 2>/dev/null; then return 0; fi
            if grep -q "FAILED at: wait listening" "$WLOG" 2>/dev/null || ! kill -0 "$WPID" 2>/dev/null; then break; fi
            sleep 0.05
        done
        kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null
    done
    echo "could not start the window: $(cat "$WLOG")" >&2
    return 1
}

# drop_lines PATH...: script lines for one drag and drop of these paths.
drop_lines() {
    echo drop-begin
    local p; for p in "$@"; do echo "drop-file $p"; done
    echo drop-end
}

# png NAME: converts the window's NAME.bmp to NAME.png; checks it is not
# blank (many colours: anti-aliased text) and that text was drawn.
check_shot() {
    local name=$1 want=$2 colours runs
    if ! "$CONVERT" "$SHOTS/$name.bmp" "$SHOTS/$name.png" 2>/dev/null; then fail "screenshot $name saved"; return; fi
    rm -f "$SHOTS/$name.bmp"
    colours=$("$CONVERT" "$SHOTS/$name.png" -format %k info:)
    check "screenshot $name is not blank ($colours colours)" [ "${colours:-0}" -gt 64 ]
    runs=$(sed -n 's/^text runs: //p' "$SHOTS/$name.txt")
    check "screenshot $name drew text ($runs runs)" [ "${runs:-0}" -gt 8 ]
    check "screenshot $name shows \"$want\"" grep -qF "$want" "$SHOTS/$name.txt"
}
