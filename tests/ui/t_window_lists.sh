#!/usr/bin/env bash
# Lists that hide nothing (issue 17, items 1 and 2): 1,000 files and a
# folder in the send list scroll to the end (wheel), the last item's x
# removes it and the window redraws at once without the mouse moving
# (the count reads 1000 in the very next frame); End/Delete from the
# keyboard; an offer of 30 items says so and scrolls to its last name,
# and Enter accepts it (the default button).
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; inbox="$T/inbox"
mkdir -p "$src/many" "$src/photos/sub" "$src/thirty" "$inbox"
for i in $(seq 1 1000); do echo "file $i" >"$src/many/f$(printf %04d "$i").txt"; done
head -c 100000 /dev/urandom >"$src/photos/a.jpg"
head -c 5000 /dev/urandom >"$src/photos/sub/b.raw"
for i in $(seq 1 28); do head -c $((i * 100)) /dev/urandom >"$src/thirty/photo-$(printf %02d "$i").jpg"; done
mkdir -p "$src/thirty/Holiday 2024/x" "$src/thirty/Work"
head -c 2000 /dev/urandom >"$src/thirty/Holiday 2024/x/y.bin"
echo w >"$src/thirty/Work/w.txt"

{
    echo "wait listening 10"
    echo "drop-begin"
    echo "drop-file $src/photos"
    for f in "$src"/many/*; do echo "drop-file $f"; done
    echo "drop-end"
    echo "sleep 300"
    echo "expect-text 1001 items: 1002 files"
    echo "expect-text folder · 2 files, "
    echo "expect-no-label remove 1001"
    echo "hover remove 1"
    echo "wheel -400"
    echo "sleep 300"
    echo "expect-label remove 1001"
    echo "expect-no-label remove 1"
    echo "shot list-end"
    echo "click remove 1001"
    echo "sleep 300"
    # The frame after the click, with no motion in between: the new count.
    echo "expect-text 1000 items: 1001 files"
    echo "expect-no-label remove 1001"
    # Keyboard: Home, then Delete removes the first item (the folder).
    echo "click remove 1000"
    echo "sleep 200"
    echo "key home"
    echo "sleep 200"
    echo "expect-label remove 1"
    echo "key delete"
    echo "sleep 300"
    echo "expect-text 998 items: 998 files"
    echo "say offer-now"
    echo "wait offer 30"
    echo "sleep 500"
    echo "expect-text in 30 items"
    echo "expect-text folder · 1 file, 2.00 KB"
    echo "expect-no-label photo-28.jpg"
    echo "hover Holiday 2024"
    echo "wheel -20"
    echo "sleep 300"
    echo "expect-label photo-28.jpg"
    echo "shot offer-30"
    echo "key enter"
    echo "wait done 60"
    echo "quit"
} >"$T/script.txt"
start_window "$T/script.txt" "$inbox" || exit 1
for _ in $(seq 1 1200); do grep -q "ui script: say offer-now" "$WLOG" && break; grep -q "FAILED at" "$WLOG" && break; sleep 0.05; done
send --to "127.0.0.1:$WPORT" --name thirty "$src"/thirty/*
check "the sender's 30 items were accepted with Enter (status $SRC)" [ "$SRC" -eq 0 ]
wait_exit "$WPID" 90; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "the 30 items arrived" diff -r "$src/thirty" "$inbox"
check_shot list-end "f1000.txt"
check_shot offer-30 "photo-28.jpg"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$SLOG" >&2
finish
