#!/usr/bin/env bash
# Unfinished files (issue 17, item 4): a sender that dies mid-transfer
# leaves big.bin.part in the window's receive folder; the window lists it
# once the transfer has failed, says the sender can resume by sending
# again, and "Delete them" removes exactly that file.
. "$(dirname "$0")/lib_ui.sh"

src="$T/src"; inbox="$T/inbox"
mkdir -p "$src" "$inbox"
head -c 3000000 /dev/urandom >"$src/big.bin"
echo "mine" >"$inbox/keep.part"   # the user's own file, no journal knows it
{
    echo "wait listening 10"
    echo "say go"
    echo "wait offer 30"
    echo "key enter"
    echo "wait running 30"
    echo "say kill"
    echo "wait failed 60"
    echo "sleep 500"
    echo "expect-text 1 unfinished file"
    echo "expect-text Sending again from the other machine resumes them."
    echo "shot leftovers"
    echo "click Delete them"
    echo "sleep 500"
    echo "expect-text Deleted 1 unfinished file"
    echo "expect-no-label Delete them"
    echo "quit"
} >"$T/script.txt"
start_window "$T/script.txt" "$inbox" || exit 1
for _ in $(seq 1 600); do grep -qE "ui script: say go|FAILED at" "$WLOG" && break; sleep 0.05; done
"$FERRY" send $RISK --limit 100K --name dying --to "127.0.0.1:$WPORT" "$src/big.bin" >"$T/send.log" 2>&1 </dev/null &
spid=$!; PIDS+=("$spid")
for _ in $(seq 1 1200); do grep -qE "ui script: say kill|FAILED at" "$WLOG" && break; sleep 0.05; done
sleep 1
check "a .part is there while it runs" [ -f "$inbox/big.bin.part" ]
kill -9 "$spid"
wait_exit "$WPID" 90; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "big.bin.part was deleted" [ ! -e "$inbox/big.bin.part" ]
check "the user's own keep.part was not" [ -f "$inbox/keep.part" ]
check_shot leftovers "unfinished"
[ "$FAILS" -eq 0 ] || cat "$WLOG" >&2
finish
