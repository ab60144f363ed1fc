#!/usr/bin/env bash
# Text snippets (ferry send --text): a URL arrives exactly, stdin text,
# the 64 KiB cap on both sides, text that is not UTF-8, escape sequences
# printed escaped (never raw to the terminal), --raw-text byte for byte,
# decline and the offer's preview, hostile senders refused before anything
# is allocated, and an old (version 1) receiver refusing clearly.
. "$(dirname "$0")/lib.sh"
: "${FERRY_EVIL:?FERRY_EVIL must point at the fy_evil test tool}"

dst="$T/dst"; mkdir -p "$dst"
ESC=$(printf '\033')

# recv_text ARGS...: `ferry receive --once` with stdout (the text) in ROUT,
# stderr in RLOG; sets RPORT, RPID.
recv_text() {
    local try i
    for try in 1 2 3 4 5 6 7 8; do
        RPORT=$(( (RANDOM % 20000) + 30000 + try ))
        RLOG="$T/recv-$RPORT.log"; ROUT="$T/recv-$RPORT.out"
        "$FERRY" receive $RISK $NODISCO --dir "$dst" --port "$RPORT" --once "$@" >"$ROUT" 2>"$RLOG" </dev/null &
        RPID=$!; PIDS+=("$RPID")
        for i in $(seq 1 100); do
            grep -q "Ferry is receiving" "$RLOG" 2>/dev/null && return 0
            kill -0 "$RPID" 2>/dev/null || break
            sleep 0.05
        done
        kill "$RPID" 2>/dev/null; wait "$RPID" 2>/dev/null
    done
    echo "could not start a receiver: $(cat "$RLOG")" >&2
    return 1
}
not() { ! "$@"; }
all() { # all 'CMD1' 'CMD2' ...: every command (a string, run by eval) succeeds
    local c
    for c in "$@"; do eval "$c" || return 1; done
}
# send_stdin FILE ARGS...: `ferry send` reading FILE on stdin.
send_stdin() {
    local in=$1; shift
    SLOG="$T/send.log"
    "$FERRY" send $RISK "$@" >"$SLOG" 2>&1 <"$in"
    SRC=$?
}

# 1. A URL, printed by the receiver.
url='https://example.org/x?y=1'
recv_text --yes || exit 1
send --to "127.0.0.1:$RPORT" --text "$url"
wait_exit "$RPID" 20; rs=$?
check "url: sender exit 0" [ "$SRC" -eq 0 ]
check "url: sender says sent" grep -qx "Sent text (25 bytes) to $(hostname), verified." "$SLOG"
check "url: receiver exit 0" [ "$rs" -eq 0 ]
check "url: printed exactly, one line" all '[ "$(cat "$ROUT")" = "$url" ]' '[ "$(wc -l <"$ROUT")" -eq 1 ]'
check "url: offer said text and size" grep -q "wants to send text, 25 bytes:" "$RLOG"
check "url: offer showed the first line" grep -qxF "  $url" "$RLOG"
check "url: receiver says where from" grep -q "^Text from .* (25 bytes, verified" "$RLOG"
check "url: nothing written to the receive folder" [ -z "$(ls -A "$dst")" ]

# 2. Hostile bytes from stdin: printed escaped, and exactly with --raw-text.
printf 'ls\033[2J\033]0;title\007 \302\233 \342\200\256txt.exe\000end\r\nline 2\ttab\n' >"$T/evil.txt"
recv_text --yes || exit 1
send_stdin "$T/evil.txt" --to "127.0.0.1:$RPORT" --text -
wait_exit "$RPID" 20
check "stdin: sender exit 0" [ "$SRC" -eq 0 ]
check "escaped: no raw ESC printed" [ "$(grep -c "$ESC" "$ROUT" "$RLOG" | awk -F: '{s+=$2} END {print s}')" -eq 0 ]
check "escaped: no BEL, NUL or other control printed" [ "$(LC_ALL=C tr -d '\n\t -~\200-\377' <"$ROUT" | wc -c)" -eq 0 ]
check "escaped: no C1 CSI printed" not grep -q $'\xc2\x9b' "$ROUT"
want='ls\e[2J\e]0;title\x07 \x9b \u202etxt.exe\x00end
line 2	tab'
check "escaped: the visible form" [ "$(cat "$ROUT")" = "$want" ]
check "escaped: offer preview escaped too" grep -qF '  ls\e[2J\e]0;title\x07 \x9b \u202etxt.exe\x00end...' "$RLOG"

recv_text --yes --raw-text || exit 1
send_stdin "$T/evil.txt" --to "127.0.0.1:$RPORT" --text -
wait_exit "$RPID" 20; rs=$?
check "raw: sender exit 0, receiver exit 0" all '[ "$SRC" -eq 0 ]' '[ "$rs" -eq 0 ]'
check "raw: stdout is the text byte for byte" cmp -s "$T/evil.txt" "$ROUT"
check "raw: refused when stdout is a terminal" \
    script -qfec "$FERRY receive --raw-text --port 1 --dir '$dst'; echo status=\$?" /dev/null | grep -q "status=2"

# 3. The cap: 65536 bytes go, 65537 are refused by the sender.
head -c 65536 /dev/zero | tr '\0' 'a' >"$T/64k.txt"
recv_text --yes --raw-text || exit 1
send_stdin "$T/64k.txt" --to "127.0.0.1:$RPORT" --text -
wait_exit "$RPID" 20; rs=$?
check "64 KiB: accepted (sender 0, receiver 0)" all '[ "$SRC" -eq 0 ]' '[ "$rs" -eq 0 ]'
check "64 KiB: arrived byte for byte" cmp -s "$T/64k.txt" "$ROUT"
{ cat "$T/64k.txt"; printf b; } >"$T/64k1.txt"
send_stdin "$T/64k1.txt" --to "127.0.0.1:1" --text -
check "64 KiB + 1: sender exit 2" [ "$SRC" -eq 2 ]
check "64 KiB + 1: sender says why" grep -qx "ferry send: the text is over the limit of 65536 bytes (64 KiB); send it as a file" "$SLOG"
printf 'ab\377' >"$T/bad.txt"
send_stdin "$T/bad.txt" --to "127.0.0.1:1" --text -
check "not UTF-8: sender exit 2" [ "$SRC" -eq 2 ]
check "not UTF-8: sender says where" grep -qx "ferry send: the text is not valid UTF-8 (byte 2); send it as a file" "$SLOG"
send --to "127.0.0.1:1" --text ""
check "empty text: exit 2" [ "$SRC" -eq 2 ]
check "empty text: says so" grep -qx "ferry send: nothing to send: the text is empty" "$SLOG"
send --to "127.0.0.1:1" --text hi "$T/bad.txt"
check "text and paths: exit 2" [ "$SRC" -eq 2 ]
check "text and paths: says so" grep -q "^ferry send: --text sends a text, not files" "$SLOG"

# 4. Hostile senders: the receiver refuses, says why, stays clean.
evil_text() { # evil_text MODE: receiver --once, then fy_evil; EOUT, rs
    recv_text --yes || exit 1
    EOUT=$(timeout 20 "$FERRY_EVIL" "$RPORT" "$1")
    wait_exit "$RPID" 20; rs=$?
}
evil_text text-over
check "sender's 64 KiB + 1: refused with the cap" [ "$EOUT" = "text of 65537 bytes refused: the limit is 65536 bytes (64 KiB)" ]
check "sender's 64 KiB + 1: receiver exit 6" [ "$rs" -eq 6 ]
check "sender's 64 KiB + 1: never offered" not grep -q "wants to send" "$RLOG"
evil_text text-huge
check "1 TiB text: refused" [ "$EOUT" = "text of 1099511627776 bytes refused: the limit is 65536 bytes (64 KiB)" ]
check "1 TiB text: never offered" not grep -q "wants to send" "$RLOG"
check "1 TiB text: receiver says so" grep -q "text of 1099511627776 bytes refused" "$RLOG"
evil_text text-bad-utf8
check "not UTF-8 from a sender: refused" [ "$EOUT" = "the text is not valid UTF-8 (byte 2); it was refused" ]
check "not UTF-8: receiver exit 6" [ "$rs" -eq 6 ]
check "not UTF-8: nothing printed" [ ! -s "$ROUT" ]
evil_text text-v1
check "text after a version-1 HELLO: refused" [ "$EOUT" = "a text entry from a sender that said protocol version 1" ]
check "hostile texts: nothing in the receive folder" [ -z "$(ls -A "$dst")" ]

# 5. Decline: no terminal and no --yes, then on a terminal.
recv_text || exit 1
send --to "127.0.0.1:$RPORT" --text "$url"
wait_exit "$RPID" 20; rs=$?
check "decline: sender exit 4" [ "$SRC" -eq 4 ]
check "decline: sender says declined" grep -qx "ferry: receiver: declined by the receiver" "$SLOG"
check "decline: receiver exit 4" [ "$rs" -eq 4 ]
check "decline: nothing printed" [ ! -s "$ROUT" ]
for answer in n y; do
    RPORT=$(( (RANDOM % 20000) + 30000 ))
    RLOG="$T/tty-$answer.log"
    ( sleep 1.5; printf '%s\n' "$answer" ) | script -qfec "$FERRY receive $RISK $NODISCO --dir '$dst' --port $RPORT --once" /dev/null >"$RLOG" 2>&1 &
    PIDS+=("$!")
    for i in $(seq 1 50); do grep -q "Ferry is receiving" "$RLOG" && break; sleep 0.1; done
    send --to "127.0.0.1:$RPORT" --text "$(printf 'rm -rf \033[8m~\033[0m\nsecond line')"
    sleep 0.3
    check "tty $answer: offer shows the first line escaped" grep -qF 'rm -rf \e[8m~\e[0m...' "$RLOG"
    # (ferry's own progress line clears itself with ESC [K on a terminal)
    check "tty $answer: the text's escapes never reach the terminal" not grep -qF -e "$ESC[8m" -e "$ESC[0m" "$RLOG"
    if [ "$answer" = n ]; then
        check "tty: n declines (exit 4)" [ "$SRC" -eq 4 ]
    else
        check "tty: y accepts (exit 0)" [ "$SRC" -eq 0 ]
        check "tty: the text shown, both lines" grep -qF "second line" "$RLOG"
    fi
done

# 6. A receiver of protocol version 1 (Ferry before text): refused clearly.
OPORT=$(( (RANDOM % 20000) + 30000 ))
"$FERRY_EVIL" "$OPORT" old-receiver >"$T/old.out" 2>&1 & PIDS+=("$!"); OPID=$!
for i in $(seq 1 50); do grep -q listening "$T/old.out" && break; sleep 0.1; done
send --to "127.0.0.1:$OPORT" --text "$url"
wait_exit "$OPID" 10
check "old receiver: sender exit 6" [ "$SRC" -eq 6 ]
check "old receiver: sender says why" grep -qx "ferry: the receiver's Ferry is too old for text: update Ferry there, or send the text as a file (receiver: peer speaks protocol version 2; this Ferry speaks 1)" "$SLOG"
check "old receiver: offered version 2" grep -qx "offered version 2" "$T/old.out"
"$FERRY_EVIL" "$OPORT" old-receiver >"$T/old2.out" 2>&1 & PIDS+=("$!"); OPID=$!
for i in $(seq 1 50); do grep -q listening "$T/old2.out" && break; sleep 0.1; done
send --to "127.0.0.1:$OPORT" "$T/bad.txt"
wait_exit "$OPID" 10
check "old receiver: files are still offered as version 1" grep -qx "offered version 1" "$T/old2.out"
finish
