#!/usr/bin/env bash
# Cancel on either side stops both cleanly: Cancel in the receiving window
# stops a CLI sender (exit 9, told why), and Cancel in the sending window
# stops a CLI receiver (told the sender cancelled); partial data stays.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; inbox="$T/inbox"; out="$T/out"
mkdir -p "$src" "$inbox" "$out"
head -c $((24 * 1000 * 1000)) /dev/urandom >"$src/big.bin"

# 1. The window receives and cancels.
cat >"$T/recv-script.txt" <<'SCRIPT'
wait listening 10
wait offer 30
click Accept
wait running 30
sleep 1500
click Cancel
wait failed 20
shot cancelled
quit
SCRIPT
start_window "$T/recv-script.txt" "$inbox" || exit 1
"$FERRY" send $RISK --to "127.0.0.1:$WPORT" --limit 4M "$src/big.bin" >"$T/s1.log" 2>&1 </dev/null
st=$?
wait_exit "$WPID" 30; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "CLI sender exits 9 when the window cancels" [ "$st" -eq 9 ]
check "CLI sender is told the receiver cancelled" grep -qx "ferry: receiver: cancelled by the receiver" "$T/s1.log"
check "partial data kept for a resume" [ -s "$inbox/big.bin.part" ]
check "no final file" [ ! -e "$inbox/big.bin" ]
check_shot cancelled "Cancelled"

# 2. The window sends and cancels (a 3 GB sparse file: long enough to
#    still be running when Cancel is pressed).
truncate -s 3G "$src/huge.img"
start_receiver "$out" --yes || exit 1
{
    echo "wait listening 10"
    drop_lines "$src/huge.img"
    echo "click Address"
    echo "type 127.0.0.1:$RPORT"
    echo "key enter"
    echo "wait running 30"
    echo "sleep 300"
    echo "click Cancel"
    echo "wait failed 20"
    echo "quit"
} >"$T/send-script.txt"
start_window "$T/send-script.txt" "$inbox" || exit 1
wait_exit "$WPID" 60; wrc=$?
check "sending window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
sleep 0.5
check "CLI receiver is told the sender cancelled" grep -q "failed: sender: cancelled by the sender" "$RLOG"
check "the transfer stopped before the end" [ ! -e "$out/huge.img" ]
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$T/s1.log" "$RLOG" >&2
finish
