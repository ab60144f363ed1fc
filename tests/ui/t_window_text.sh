#!/usr/bin/env bash
# Text snippets in the window. Received: a `ferry send --text` with escape
# sequences in it is offered as "Text from ..." with its first line, shown
# escaped after Accept, and Copy puts the exact bytes on the X clipboard
# (read back with xclip). Sent: the Send card's "Send text..." box, typed
# (with Enter for a second line) and pasted into, reaches a `ferry receive
# --raw-text` byte for byte. Screenshots: text-offer, text-received,
# text-box.
. "$(dirname "$0")/lib_ui.sh"
command -v xclip >/dev/null || { fail "xclip is missing (apt-get install xclip)"; finish; }

dst="$T/inbox"; mkdir -p "$dst"
# The window runs under xvfb-run, which keeps its display to its child: a
# wrapper tells the test where it is, so xclip can talk to the window.
real=$FERRY
cat >"$T/ferry-wrap.sh" <<WRAP
#!/bin/sh
[ -n "\$DISPLAY" ] && printf 'DISPLAY=%s\nXAUTHORITY=%s\n' "\$DISPLAY" "\$XAUTHORITY" >"$T/display.env"
exec "$real" "\$@"
WRAP
chmod +x "$T/ferry-wrap.sh"
FERRY="$T/ferry-wrap.sh"
not_has_esc() { ! grep -qF "$ESC" "$1"; }
clip() { ( . "$T/display.env"; export DISPLAY XAUTHORITY; timeout 10 xclip -selection clipboard "$@" ); }

# The receiver of the window's text: a terminal ferry, exact bytes out.
RPORT=$(( (RANDOM % 20000) + 30000 ))
"$real" receive $RISK $NODISCO --dir "$dst" --port "$RPORT" --once --yes --raw-text >"$T/got.txt" 2>"$T/cli.log" </dev/null &
CPID=$!; PIDS+=("$CPID")
for i in $(seq 1 100); do grep -q "Ferry is receiving" "$T/cli.log" && break; sleep 0.05; done

cat >"$T/script.txt" <<SCRIPT
wait listening 10
wait offer 30
shot text-offer
click Accept
wait text 30
shot text-received
click Copy
say copied
sleep 4000
click Dismiss
click Address
type 127.0.0.1:$RPORT
click Send text…
type https://example.org/x?y=1
key enter
key ctrl-v
shot text-box
click Send text
wait sent 30
quit
SCRIPT
start_window "$T/script.txt" "$dst" || exit 1
ESC=$(printf '\033')
printf 'echo \033[31mred\033[0m \342\200\256gnp.exe\nline 2\tend' >"$T/sent.txt"
"$real" send $RISK --to "127.0.0.1:$WPORT" --text "$(cat "$T/sent.txt")" >"$T/send.log" 2>&1
SRC=$?
check "ferry send --text to the window exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
for i in $(seq 1 100); do grep -q "ui say: copied" "$WLOG" && break; sleep 0.1; done
sleep 0.5
clip -o >"$T/clip.txt"
check "Copy put the exact bytes on the clipboard (escapes and all)" cmp -s "$T/sent.txt" "$T/clip.txt"
# Something to paste into the Send text box: a second line.
printf 'pasted line' | clip -i
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
wait_exit "$CPID" 20
check "the window's text arrived byte for byte" [ "$(cat "$T/got.txt")" = "$(printf 'https://example.org/x?y=1\npasted line')" ]
check "nothing written to the receive folder" [ -z "$(ls -A "$dst")" ]

check_shot text-offer "Text from"
check "offer shows the first line escaped" grep -qF 'echo \e[31mred\e[0m \u202egnp.exe...' "$SHOTS/text-offer.txt"
check_shot text-received "Copy"
check "received text drawn escaped" grep -qF 'echo \e[31mred\e[0m \u202egnp.exe' "$SHOTS/text-received.txt"
check "its second line drawn" grep -qF 'line 2' "$SHOTS/text-received.txt"
check "no raw ESC drawn" not_has_esc "$SHOTS/text-received.txt"
check_shot text-box "Send text to 127.0.0.1:$RPORT"
check "the box shows what was typed and pasted" grep -qF 'pasted line' "$SHOTS/text-box.txt"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$T/cli.log" >&2
finish
