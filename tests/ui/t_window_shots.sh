#!/usr/bin/env bash
# Screenshots of each main state, saved as PNG in the build folder
# (ui-screenshots/): empty, files dropped, offer dialog, transfer running,
# done. Each must not be blank and must show its text. A rate-limited CLI
# sender keeps the transfer running long enough to be seen.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; dst="$T/inbox"
mkdir -p "$src/Holiday 2024/raw" "$dst"
head -c 4000000 /dev/urandom >"$src/Holiday 2024/raw/IMG_2041.CR2"
head -c 900000 /dev/urandom >"$src/Holiday 2024/IMG_2041.jpg"
head -c 1500 /dev/urandom >"$src/notes.txt"
head -c 250000 /dev/urandom >"$src/report.pdf"

{
    echo "wait listening 10"
    echo "shot empty"
    drop_lines "$src/Holiday 2024" "$src/notes.txt" "$src/report.pdf"
    echo "click Address"
    echo "type 192.168.1.20"
    echo "shot dropped"
    echo "say ready"
    echo "wait offer 30"
    echo "shot offer"
    echo "click Accept"
    echo "wait running 20"
    echo "sleep 1500"
    echo "shot running"
    echo "wait done 60"
    echo "shot done"
    echo "quit"
} >"$T/script.txt"
start_window "$T/script.txt" "$dst" || exit 1
for i in $(seq 1 200); do grep -q "ui say: ready" "$WLOG" && break; sleep 0.05; done
send --limit 1M --to "127.0.0.1:$WPORT" "$src/Holiday 2024" "$src/notes.txt"
check "ferry send exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check_shot empty "Drop files or folders here"
check_shot dropped "3 items"
check_shot offer "wants to send you files"
check_shot running "left"
check_shot done "Verified"
check "received tree identical" diff -r "$src/Holiday 2024" "$dst/Holiday 2024"
echo "screenshots in $SHOTS"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$SLOG" >&2
finish
