#!/usr/bin/env bash
# Many transfers at the default window size (issue 17, item 2): with 3,
# then 10 running (8 coming in, the most the window takes at once, and 2
# of its own sends waiting their turn), every row and its Cancel can be
# reached: the list scrolls to the last one from the keyboard.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; inbox="$T/inbox"
mkdir -p "$src" "$inbox"
head -c 4000000 /dev/urandom >"$src/big.bin"
echo a >"$src/a.txt"; echo b >"$src/b.txt"

{
    echo "wait listening 10"
    echo "say three"
    for i in 1 2 3; do echo "wait offer 30"; echo "key enter"; echo "sleep 300"; done
    echo "wait running 30"
    echo "sleep 800"
    echo "expect-text 3 running, 3 in all"
    echo "shot xfers-3"
    echo "click transfer 1"
    echo "key end"
    echo "sleep 300"
    echo "expect-label cancel 3"
    echo "shot xfers-3-end"
    echo "say more"
    for i in 4 5 6 7 8; do echo "wait offer 30"; echo "key enter"; echo "sleep 300"; done
    # Two sends of the window's own to itself: all 8 slots are taken, so
    # they wait their turn (busy), each with its Cancel.
    drop_lines "$src/a.txt"
    echo "click Address"
    echo "type 127.0.0.1:WPORT"
    echo "click Send"
    echo "sleep 500"
    drop_lines "$src/b.txt"
    echo "click Send"
    echo "sleep 2500"
    echo "expect-text 10 running, 10 in all"
    echo "shot xfers-10"
    echo "click transfer 1"
    echo "key end"
    echo "sleep 300"
    echo "expect-label cancel 10"
    echo "expect-no-label cancel 1"
    echo "shot xfers-10-end"
    echo "key home"
    echo "sleep 300"
    echo "expect-label cancel 1"
    echo "key ctrl-q"
    echo "wait asking 5"
    echo "click Quit"
    echo "sleep 10000"
    echo "say not-quit"
} >"$T/script.in"
# The window's port is known once it runs: the script reads it from a file
# written before (start_window picks the port), so fill it in afterwards.
UI_PORT=$(( (RANDOM % 20000) + 30000 ))
sed "s/WPORT/$UI_PORT/" "$T/script.in" >"$T/script.txt"
start_window "$T/script.txt" "$inbox" || exit 1
waitsay() { for _ in $(seq 1 1200); do grep -qE "ui script: say $1|FAILED at" "$WLOG" && return; sleep 0.05; done; }
senders=()
start_senders() {
    local i
    for i in "$@"; do
        mkdir -p "$T/s$i"; cp "$src/big.bin" "$T/s$i/file$i.bin"
        "$FERRY" send $RISK --limit 100K --name "sender$i" --to "127.0.0.1:$WPORT" "$T/s$i/file$i.bin" \
            >"$T/send$i.log" 2>&1 </dev/null &
        senders+=($!); PIDS+=($!)
        sleep 0.3
    done
}
waitsay three; start_senders 1 2 3
waitsay more; start_senders 4 5 6 7 8
wait_exit "$WPID" 120; wrc=$?
check "window script ran, and Quit quit (status $wrc)" bash -c "[ $wrc -eq 0 ] && ! grep -q 'ui say: not-quit' '$WLOG'"
for p in "${senders[@]}"; do wait_exit "$p" 30; done
check_shot xfers-3 "From sender1"
check_shot xfers-3-end "From sender1"
check_shot xfers-10 "Busy"
check_shot xfers-10-end "From sender1"
[ "$FAILS" -eq 0 ] || cat "$WLOG" >&2
finish
