#!/usr/bin/env bash
# First contact between the window and a CLI sender on a terminal, neither
# allowing unpaired peers: the window shows the same code as the terminal,
# both confirm, the offer follows, the file arrives, both remember each other.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; inbox="$T/inbox"
mkdir -p "$src" "$inbox"
echo "paired hello" >"$src/hello.txt"

cat >"$T/script.txt" <<'SCRIPT'
wait listening 10
wait offer 30
shot pairing
click Codes match
wait offer 30
click Accept
wait done 30
quit
SCRIPT
UI_UNPAIRED_OK=0 start_window "$T/script.txt" "$inbox" || exit 1
( sleep 3; printf 'y\n'; sleep 30 ) |
    script -qfec "env XDG_CONFIG_HOME=$T/cfg-cli $FERRY send --name laptop --to 127.0.0.1:$WPORT '$src/hello.txt'" \
        "$T/cli.log" >/dev/null 2>&1
st=$?
wait_exit "$WPID" 30; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "CLI send exits 0 (status $st)" [ "$st" -eq 0 ]
code=$(sed -n 's/.*Pairing code: \([0-9]\{3\} [0-9]\{3\}\).*/\1/p' "$T/cli.log" | head -1)
check "the terminal showed a code ($code)" [ -n "$code" ]
check_shot pairing "$code"
check "file arrived" cmp -s "$src/hello.txt" "$inbox/hello.txt"
check "the CLI remembers the window" grep -q " window$" "$T/cfg-cli/ferry/peers.txt"
check "the window remembers the CLI" grep -q " laptop$" "$XDG_CONFIG_HOME/ferry/peers.txt"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$T/cli.log" >&2
finish
