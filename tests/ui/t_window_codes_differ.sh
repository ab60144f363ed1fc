#!/usr/bin/env bash
# "Codes differ" in the window ends the question on the other side too
# (issue 17, item 8): the terminal that asks "Does the other screen show
# the same code?" stops asking at once, says why, and the send ends with
# that reason instead of waiting for an answer that no longer matters.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; inbox="$T/inbox"
mkdir -p "$src" "$inbox"
echo "never sent" >"$src/hello.txt"

cat >"$T/script.txt" <<'SCRIPT'
wait listening 10
wait offer 30
sleep 500
click Codes differ
wait failed 20
sleep 300
expect-text was not confirmed here
quit
SCRIPT
UI_UNPAIRED_OK=0 start_window "$T/script.txt" "$inbox" || exit 1
t0=$(date +%s)
# The terminal's person never answers: only the window's answer can end it.
( sleep 20 ) |
    script -qfec "env XDG_CONFIG_HOME=$T/cfg-cli $FERRY send --name laptop --to 127.0.0.1:$WPORT '$src/hello.txt'" \
        "$T/cli.log" >/dev/null 2>&1 &
cpid=$!; PIDS+=("$cpid")
took=99
for _ in $(seq 1 800); do
    if grep -q "^ferry:" "$T/cli.log" 2>/dev/null; then took=$(( $(date +%s) - t0 )); break; fi
    sleep 0.05
done
wait_exit "$WPID" 30; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "the terminal stopped asking by itself, in ${took} s (its input ends only at 20 s)" [ "$took" -lt 15 ]
check "the send ended with its error ($(grep '^ferry:' "$T/cli.log" | head -1))" \
    grep -q "^ferry: \"window\" says its code is different: not paired, nothing sent." "$T/cli.log"
check "the terminal says the other side's code differs" \
    grep -q "The other side answered first: its code is different. Not paired." "$T/cli.log"
check "nothing arrived" [ ! -e "$inbox/hello.txt" ]
check "nobody was paired" [ ! -s "$T/cfg-cli/ferry/peers.txt" ]
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$T/cli.log" >&2
finish
