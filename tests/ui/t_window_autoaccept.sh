#!/usr/bin/env bash
# Auto-accept from paired machines: with auto_accept_paired=1 the window
# pairs with a new CLI sender (codes compared: a question), and the offer
# that follows is accepted without asking; the transfer row says so.
# (Offers from machines let in unpaired are still asked: ui.model.)
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; inbox="$T/inbox"
mkdir -p "$src" "$inbox"
head -c 50000 /dev/urandom >"$src/quick.bin"

cat >"$T/script.txt" <<'SCRIPT'
wait listening 10
wait offer 30
click Codes match
wait done 30
shot autoaccept
quit
SCRIPT
UI_SETTINGS="auto_accept_paired=1" UI_UNPAIRED_OK=0 start_window "$T/script.txt" "$inbox" || exit 1
# The terminal confirms the code after 3 s; its stdin stays open until the
# send ended (a fixed 30 s here cost that much CI time).
( sleep 3; printf 'y\n'; for _ in $(seq 1 600); do grep -qE "verified|failed|ferry:" "$T/cli.log" 2>/dev/null && break; sleep 0.1; done ) |
    script -qfec "env XDG_CONFIG_HOME=$T/cfg-cli $FERRY send --name laptop --to 127.0.0.1:$WPORT '$src/quick.bin'" \
        "$T/cli.log" >/dev/null 2>&1
st=$?
wait_exit "$WPID" 30; wrc=$?
check "window script ran to the end: no Accept was needed (status $wrc)" [ "$wrc" -eq 0 ]
check "CLI send exits 0 (status $st)" [ "$st" -eq 0 ]
check "file arrived" cmp -s "$src/quick.bin" "$inbox/quick.bin"
check_shot autoaccept "Accepted automatically (paired)"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$T/cli.log" >&2
finish
