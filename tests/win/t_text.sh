#!/usr/bin/env bash
# Text snippets between Linux and Windows: the Linux ferry sends a text to
# ferry.exe receiving under wine (printed exactly with --raw-text, escaped
# without), and ferry.exe sends one back, from stdin, to a Linux receiver.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib_win.sh"

mkdir -p "$T/win-in" "$T/linux-in"
url='https://example.org/x?y=1'

# 1. Linux -> ferry.exe, exact bytes on its stdout (a file of its own).
RPORT=$(( (RANDOM % 20000) + 30000 )); RLOG="$T/win-raw.log"
wine "$FERRY_EXE" receive $RISK $NODISCO --dir "$T/win-in" --port "$RPORT" --once --yes --raw-text \
    >"$T/win-raw.out" 2>"$RLOG" </dev/null &
RPID=$!; PIDS+=("$RPID")
for i in $(seq 1 400); do grep -q "Ferry is receiving" "$RLOG" 2>/dev/null && break; sleep 0.05; done
send --to "127.0.0.1:$RPORT" --text "$url"
wait_exit "$RPID" 60; rs=$?
check "Linux -> ferry.exe: send exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
check "ferry.exe --once exits 0 (status $rs)" [ "$rs" -eq 0 ]
check "ferry.exe wrote the URL byte for byte (no CR added)" [ "$(od -An -c "$T/win-raw.out")" = "$(printf '%s' "$url" | od -An -c)" ]
check "nothing written to the Windows receive folder" [ -z "$(ls -A "$T/win-in")" ]

# 2. Escaped on the Windows side too.
RECEIVER=(wine "$FERRY_EXE")
start_receiver "$T/win-in" --yes --once || exit 1
RECEIVER=()
send --to "127.0.0.1:$RPORT" --text "$(printf 'red \033[31mX\033[0m')"
wait_exit "$RPID" 60
check "Linux -> ferry.exe with escapes: send exits 0" [ "$SRC" -eq 0 ]
check "ferry.exe shows the escapes as \\e" grep -qF 'red \e[31mX\e[0m' "$RLOG"
check "and never a raw ESC" [ "$(grep -c "$(printf '\033')" "$RLOG")" -eq 0 ]

# 3. ferry.exe -> Linux, the text from stdin (CR LF and all kept).
printf 'from windows\r\nline 2 \342\234\223\n' >"$T/back.txt"
RLOG="$T/linux.log"; ROUT="$T/linux.out"; RPORT=$(( (RANDOM % 20000) + 30000 ))
"$FERRY" receive $RISK $NODISCO --dir "$T/linux-in" --port "$RPORT" --once --yes --raw-text >"$ROUT" 2>"$RLOG" </dev/null &
RPID=$!; PIDS+=("$RPID")
for i in $(seq 1 100); do grep -q "Ferry is receiving" "$RLOG" && break; sleep 0.05; done
WLOG="$T/wferry.log"
wine "$FERRY_EXE" send $RISK --to "127.0.0.1:$RPORT" --text - <"$T/back.txt" >"$WLOG" 2>&1
WRC=$?
wait_exit "$RPID" 30
check "ferry.exe --text - -> Linux: exits 0 (status $WRC)" [ "$WRC" -eq 0 ]
[ "$WRC" -eq 0 ] || cat "$WLOG" "$RLOG" >&2
check "the text arrived byte for byte (stdin read in binary)" cmp -s "$T/back.txt" "$ROUT"
finish
