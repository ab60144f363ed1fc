#!/usr/bin/env bash
# The receiver asks before accepting. With no terminal and no --yes it
# declines and says why; on a terminal "n" declines and "y" accepts.
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src"; echo secret >"$src/a.txt"

start_receiver "$dst" --once || exit 1
send --to "127.0.0.1:$RPORT" "$src/a.txt"
check "sender exit status 4 (declined)" [ "$SRC" -eq 4 ]
check "sender says declined" grep -qx "ferry: receiver: declined by the receiver" "$SLOG"
wait_exit "$RPID" 10; rs=$?
check "receiver --once exits 4 after declining" [ "$rs" -eq 4 ]
check "receiver explains the decline" grep -q "declined: there is no terminal to ask on (use --yes to accept without asking)" "$RLOG"
check "nothing written" [ -z "$(ls -A "$dst")" ]

# On a terminal (made by script(1)): answer n, then y.
for answer in n y; do
    RPORT=$(( (RANDOM % 20000) + 30000 ))
    RLOG="$T/tty-$answer.log"
    ( sleep 1.5; printf '%s\n' "$answer" ) | script -qfec "$FERRY receive $RISK $NODISCO --dir '$dst' --port $RPORT --once" /dev/null >"$RLOG" 2>&1 &
    PIDS+=("$!")
    for i in $(seq 1 50); do grep -q "Ferry is receiving" "$RLOG" && break; sleep 0.1; done
    send --to "127.0.0.1:$RPORT" "$src/a.txt"
    if [ "$answer" = n ]; then
        check "tty: n declines (exit 4)" [ "$SRC" -eq 4 ]
        check "tty: prompt shown" grep -q "Accept? \[y/N\]" "$RLOG"
        check "tty: nothing written" [ ! -e "$dst/a.txt" ]
    else
        check "tty: y accepts (exit 0)" [ "$SRC" -eq 0 ]
        check "tty: file arrived" cmp -s "$src/a.txt" "$dst/a.txt"
    fi
done
finish
