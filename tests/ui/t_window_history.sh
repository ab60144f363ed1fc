#!/usr/bin/env bash
# The History view: 100,000 files recorded before the window opens, a real
# transfer received by the window on top; the view lists them, filters as
# you type (3 letters of the new file's name find it), scrolls with the
# keys and the wheel to the oldest file, and clears. The screenshots are
# kept in build/ui-screenshots/history-*.png; each .txt has the frame's
# time and the query times the view shows.
. "$(dirname "$0")/lib_ui.sh"

HT="$FERRY_BUILD/tests/test_history"
src="$T/src"; dst="$T/inbox"
mkdir -p "$src" "$dst" "$XDG_CONFIG_HOME/ferry"
printf 'the needle\n' >"$src/needle-report.pdf"
t0=$(date +%s%N)
"$HT" --fill "$XDG_CONFIG_HOME/ferry/history.db" 100000 || { fail "fill the history"; finish; }
echo "# 100,000 files recorded in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

cat >"$T/script.txt" <<'SCRIPT'
wait listening 10
wait offer 30
click Accept
wait done 60
click History
wait history 30
shot history-all
click Search history
type dle-re
sleep 200
wait history 30
shot history-search
key backspace
key backspace
key backspace
key backspace
key backspace
key backspace
sleep 200
wait history 30
click-list
key pgdn
key pgdn
key down
wheel -5
sleep 200
wait history 30
shot history-scrolled
key end
sleep 200
wait history 30
shot history-end
click Settings
sleep 300
expect-text Find machines nearby, and be found
shot history-settings
click Done
sleep 300
expect-no-label Done
click Clear history
click Click again to clear
sleep 500
wait history 30
shot history-cleared
quit
SCRIPT
start_window "$T/script.txt" "$dst" || exit 1
# The sender keeps its own history elsewhere: only the window's is shown.
FERRY_CONFIG_DIR="$T/sender-config" send --to "127.0.0.1:$WPORT" "$src/needle-report.pdf"
check "ferry send exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
wait_exit "$WPID" 120; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]

check_shot history-all "100001 entries"
check "the newest row is the file just received" grep -qF "needle-report.pdf" "$SHOTS/history-all.txt"
check "a path that does not exist says so" grep -qF "moved or deleted: /home/ana/Downloads/Ferry/batch/file_" "$SHOTS/history-all.txt"
check_shot history-search "1 entry"
check "the search finds it" grep -qF "needle-report.pdf" "$SHOTS/history-search.txt"
check "and only it" [ -z "$(grep -F "file_0" "$SHOTS/history-search.txt")" ]
check_shot history-scrolled "100001 entries"
check "scrolled: the first rows are gone" [ -z "$(grep -F "needle-report.pdf" "$SHOTS/history-scrolled.txt")" ]
check_shot history-end "file_000999.zip"  # the oldest transfer's last file
check_shot history-settings "Receive folder"  # Settings opens over History too
check_shot history-cleared "Nothing yet"     # and closes: the view takes clicks again
for s in all search scrolled end; do
    echo "# history-$s: $(sed -n 's/^frame ms: //p' "$SHOTS/history-$s.txt") ms to draw and save the frame;" \
        "$(grep -o 'counted in [0-9]* ms, page in [0-9]* ms' "$SHOTS/history-$s.txt")"
done
check "the history is empty after Clear history" [ "$("$HT" --check "$XDG_CONFIG_HOME/ferry/history.db")" = "ok 0" ]
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$SLOG" >&2
finish
