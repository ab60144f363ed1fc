#!/usr/bin/env bash
# Accidents (issue 17, items 3 and 4): a double click on Send is one
# transfer (the receiver gets x.bin and no "x (1).bin"); errors say which
# problem it is, whole: a port where nothing listens, a name that does not
# resolve (both with Why?, the network report), a "no" from the receiver
# (no Why?: the network is fine); failed addresses stay out of Recent, a good one goes in; Ctrl+Q
# while a transfer runs asks first (Keep running keeps it), the close button
# twice quits.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; dst="$T/dst"; inbox="$T/inbox"
mkdir -p "$src" "$dst" "$inbox"
head -c 2000000 /dev/urandom >"$src/x.bin"
# Big and slow enough to be running while the window asks about quitting.
head -c 6000000 /dev/urandom >"$src/slow.bin"
# A receiver with no terminal to ask on declines every offer.
mkdir -p "$T/dst-no"
start_receiver "$T/dst-no" || exit 1
NOPORT=$RPORT
start_receiver "$dst" --yes || exit 1
# A port with nothing behind it: bind one, note it, let it go.
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

{
    echo "wait listening 10"
    drop_lines "$src/x.bin"
    echo "click Address"
    echo "type 127.0.0.1:$dead"
    echo "click Send"
    echo "wait failed 30"
    echo "sleep 300"
    echo "expect-text but Ferry is not receiving on that port"
    echo "expect-label Send again"
    echo "expect-label Why?"
    echo "shot error-refused"
    echo "click Dismiss"
    echo "click Address"
    echo "key ctrl-a"
    echo "type no-such-host.invalid"
    echo "click Send"
    echo "wait failed 30"
    echo "sleep 300"
    echo "expect-text No machine called \"no-such-host.invalid\" was found"
    echo "expect-label Why?"
    echo "shot error-name"
    echo "click Dismiss"
    echo "click Address"
    echo "key ctrl-a"
    echo "type 127.0.0.1:$NOPORT"
    echo "click Send"
    echo "wait failed 30"
    echo "sleep 300"
    echo "expect-text declined the files"
    echo "expect-no-label Why?"
    echo "expect-no-label Send again"
    echo "shot declined"
    echo "click Dismiss"
    echo "click Address"
    echo "key ctrl-a"
    echo "type 127.0.0.1:$RPORT"
    echo "dblclick Send"
    echo "wait done 60"
    echo "sleep 1500"
    echo "say sent-once"
    echo "click Dismiss"
    echo "sleep 300"
    echo "expect-no-label Dismiss"
    echo "say slow-now"
    echo "wait offer 30"
    echo "key enter"
    echo "wait running 30"
    echo "key ctrl-q"
    echo "wait asking 5"
    echo "sleep 300"
    echo "expect-text still running"
    echo "shot quit-asks"
    echo "click Keep running"
    echo "wait dialog-closed 5"
    echo "sleep 500"
    echo "expect-label Cancel"
    echo "key close"
    echo "wait asking 5"
    echo "key close"
    echo "sleep 10000"
    echo "say not-quit"
} >"$T/script.txt"
start_window "$T/script.txt" "$inbox" || exit 1
for _ in $(seq 1 1200); do grep -qE "ui script: say slow-now|FAILED at" "$WLOG" && break; sleep 0.05; done
check "the receiver got x.bin once" cmp -s "$src/x.bin" "$dst/x.bin"
check "and no second copy (double click = one transfer)" [ "$(ls "$dst" | wc -l)" -eq 1 ]
settings="$XDG_CONFIG_HOME/ferry/settings.txt"
check "the good address is in Recent" grep -qx "recent=127.0.0.1:$RPORT" "$settings"
check "the dead port is not" bash -c "! grep -q 'recent=127.0.0.1:$dead' '$settings'"
check "the bad name is not" bash -c "! grep -q 'no-such-host' '$settings'"
"$FERRY" send $RISK --limit 300K --name slow --to "127.0.0.1:$WPORT" "$src/slow.bin" >"$T/slow.log" 2>&1 </dev/null &
spid=$!; PIDS+=("$spid")
wait_exit "$WPID" 60; wrc=$?
check "the window quit on the second close, before its script ended (status $wrc)" \
    bash -c "[ $wrc -eq 0 ] && ! grep -q 'ui say: not-quit' '$WLOG'"
wait_exit "$spid" 30; src_rc=$?
check "the sender was told the receiver stopped (status $src_rc: cancelled)" [ "$src_rc" -eq 9 ]
check "the sender's words say the receiver stopped it" grep -q "receiver: cancelled by the receiver" "$T/slow.log"
check_shot error-refused "Send again"
check_shot error-name "No machine called"
check_shot quit-asks "Keep running"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$RLOG" "$T/slow.log" >&2
finish
