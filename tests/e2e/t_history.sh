#!/usr/bin/env bash
# The transfer history (ferry history, src/history): real transfers both
# ways recorded with the final paths (a collision's "(1)" name too), the
# sent files with the paths read; declined, failed and cancelled transfers
# with why; search, filters, --json, moved files, forget and clear;
# history=off. The database survives kill -9 of a receiver mid-transfer
# and of a writer mid-insert (PRAGMA integrity_check), and two processes
# writing at once lose nothing to "database is locked".
. "$(dirname "$0")/lib.sh"

export TZ=UTC
HT="$FERRY_BUILD/tests/test_history"
DB="$XDG_CONFIG_HOME/ferry/history.db"
src="$T/src"; dst="$T/dst"
mkdir -p "$src/docs" "$dst"
head -c 1500 /dev/urandom >"$src/photo.jpg"
printf 'new\n' >"$src/docs/n.txt"
printf 'keep me\n' >"$dst/photo.jpg"
printf 'secret\n' >"$src/a.txt"

# hist ARGS...: `ferry history` with the date of each line made "DATE".
hist() {
    "$FERRY" history "$@" 2>"$T/hist.err" | sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/DATE/'
}

# same WHAT WANT GOT: exact text, shown on a mismatch.
same() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1"; printf 'want:\n%s\ngot:\n%s\n' "$2" "$3" >&2; fi
}

db_ok() { "$HT" --check "$DB" >/dev/null; }

# A transfer that completes: photo.jpg lands as "photo (1).jpg".
start_receiver "$dst" --yes --name lab-b || exit 1
send --to "127.0.0.1:$RPORT" --name lab-a "$src/photo.jpg" "$src/docs"
check "send exits 0" [ "$SRC" -eq 0 ]
check "collision: photo (1).jpg" cmp -s "$src/photo.jpg" "$dst/photo (1).jpg"
check "the database is owner-only" [ "$(stat -c %a "$DB")" = 600 ]

want="DATE  from lab-a  1.50 KB  $dst/photo (1).jpg  not scanned
DATE  from lab-a  4 bytes  $dst/docs/n.txt  not scanned"
same "received files with their final paths" "$want" "$(hist --received)"
same "sent files with the paths read" "DATE  to lab-b  1.50 KB  $src/photo.jpg  sent
DATE  to lab-b  4 bytes  $src/docs/n.txt  sent" "$(hist --sent)"
same "3 letters find the collision name" "DATE  from lab-a  1.50 KB  $dst/photo (1).jpg  not scanned" \
    "$(hist 'o (1' --received)"
same "per transfer, sent" "DATE  to lab-b  1.50 KB  2 files: photo.jpg, docs  done" "$(hist --transfers --sent)"
same "per transfer, received (names as they landed)" "DATE  from lab-a  1.50 KB  2 files: photo (1).jpg, docs  done" \
    "$(hist --transfers --received)"
check "both transfers, one line each" [ "$(hist --transfers | wc -l)" -eq 2 ]
kill "$RPID"; wait "$RPID" 2>/dev/null

# Declined (no terminal, no --yes), then a receiver that is not there.
start_receiver "$dst" --once --name lab-b || exit 1
send --to "127.0.0.1:$RPORT" --name lab-a "$src/a.txt"
check "declined: sender exits 4" [ "$SRC" -eq 4 ]
wait_exit "$RPID" 10
send --to "127.0.0.1:$RPORT" --name lab-a "$src/a.txt"
check "nobody there: sender exits 3" [ "$SRC" -eq 3 ]
# (Each side separately: both end within the same second, in either order.)
same "declined and failed, the sender's records, with why" "DATE  to 127.0.0.1:$RPORT  7 bytes  1 file: a.txt  failed: cannot connect to 127.0.0.1 port $RPORT: Connection refused
DATE  to lab-b  7 bytes  1 file: a.txt  declined: receiver: declined by the receiver" "$(hist --failed --sent)"
same "declined, the receiver's record" "DATE  from lab-a  7 bytes  1 file: a.txt  declined" "$(hist --failed --received)"

# Cancelled: the sender is interrupted mid-transfer.
head -c $((20 * 1000 * 1000)) /dev/urandom >"$src/big.bin"
start_receiver "$dst" --yes --name lab-b || exit 1
"$FERRY" send $RISK --to "127.0.0.1:$RPORT" --name lab-a --limit 4M "$src/big.bin" >"$T/s1.log" 2>&1 &
spid=$!; PIDS+=("$spid")
sleep 1.5; kill -INT "$spid"
wait_exit "$spid" 10
wait_recv_ends 1 20
same "cancelled: the sender's record" "DATE  to lab-b  20.0 MB  1 file: big.bin  cancelled" "$(hist big.bin --transfers --sent)"
same "cancelled: the receiver's record" "DATE  from lab-a  20.0 MB  1 file: big.bin  cancelled: sender: cancelled by the sender" \
    "$(hist big.bin --transfers --received)"

# kill -9 of the receiver mid-transfer: the database opens and is whole.
"$FERRY" send $RISK --to "127.0.0.1:$RPORT" --name lab-a --limit 4M "$src/big.bin" >"$T/s2.log" 2>&1 &
spid=$!; PIDS+=("$spid")
sleep 1.5; kill -9 "$RPID"
wait_exit "$spid" 60
check "after kill -9 of a receiver: integrity ok" db_ok

# kill -9 of a writer in the middle of its inserts, twice.
for round in 1 2; do
    "$HT" --insert-loop "$DB" >"$T/loop.log" 2>&1 &
    lpid=$!; PIDS+=("$lpid")
    for i in $(seq 1 100); do grep -q writing "$T/loop.log" && break; sleep 0.05; done
    sleep 0.$((RANDOM % 9 + 1)); kill -9 "$lpid"; wait "$lpid" 2>/dev/null
    check "after kill -9 mid-insert ($round): integrity ok" db_ok
done
check "the killed writer had written" [ "$("$FERRY" history --peer loop --transfers --limit 0 | wc -l)" -gt 0 ]

# Two processes writing at once (and a ferry history reading): none of
# their 2 x 300 transfers is lost to "database is locked".
before=$("$HT" --check "$DB" | cut -d' ' -f2)
"$HT" --writer "$DB" 300 wa >"$T/wa.log" 2>&1 & wa=$!
"$HT" --writer "$DB" 300 wb >"$T/wb.log" 2>&1 & wb=$!
for i in 1 2 3 4 5; do "$FERRY" history --limit 5 >/dev/null 2>&1; done
wait "$wa"; sa=$?; wait "$wb"; sb=$?
check "concurrent writers both succeed" [ "$sa" -eq 0 ] && [ "$sb" -eq 0 ]
check "no locked error" [ -z "$(grep -i locked "$T/wa.log" "$T/wb.log")" ]
after=$("$HT" --check "$DB" | cut -d' ' -f2)
check "all 600 transfers are there" [ "$after" -eq $((before + 600)) ]
"$FERRY" history --forget --peer wa >/dev/null; "$FERRY" history --forget --peer wb >/dev/null
"$FERRY" history --forget --peer loop >/dev/null

# --json: one object per line; a moved file says so.
mv "$dst/docs/n.txt" "$T/elsewhere.txt"
line=$("$FERRY" history --json n.txt --received)
check "json: one line" [ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ]
has() { printf '%s' "$1" | grep -q "$2"; }
check "json: a path that is gone" has "$line" '"path":"'"$dst"'/docs/n.txt","name":"docs/n.txt","size":4,"xxh3":"[0-9a-f]\{32\}","scan":"not scanned","scan_words":"","exists":false}$'
check "json: the peer and its key" has "$line" '"direction":"received","kind":"files","peer":"lab-a","peer_key":"[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}"'
same "a moved file is listed, not hidden" "DATE  from lab-a  4 bytes  $dst/docs/n.txt (moved or deleted)  not scanned" \
    "$(hist n.txt --received)"
same "--type image" "DATE  from lab-a  1.50 KB  $dst/photo (1).jpg  not scanned" "$(hist --type image --received)"
same "--since a date to come: nothing" "" "$(hist --since 2999-01-01)"
check "and it says so" grep -qx "Nothing in the history matches." "$T/hist.err"
"$FERRY" history --since 5x >/dev/null 2>"$T/u.err"; st=$?
check "a bad --since is a usage error (2)" [ "$st" -eq 2 ]
check "and says why" grep -qx "ferry history: invalid time '5x' (examples: 7d, 12h, 2026-11-01)" "$T/u.err"
"$FERRY" history --forget >/dev/null 2>"$T/u.err"; st=$?
check "--forget without a filter is refused (2)" [ "$st" -eq 2 ]

# Forget and clear remove records, never files.
same "forget" "Forgot 2 transfers (the files themselves are untouched)." "$("$FERRY" history --forget --type image)"
check "the files stay" [ -f "$dst/photo (1).jpg" ]
same "what is left of the completed transfer" "" "$(hist --received photo)"
same "clear" "History cleared (the files themselves are untouched)." "$("$FERRY" history --clear)"
same "nothing left" "" "$(hist)"
check "integrity after clear" db_ok

# Names with quotes, control characters and bytes that are not UTF-8 stay
# valid JSON (the sender records its own file names as they are).
odd="$src/"$'q"t\tx\xff.txt'
printf 'odd\n' >"$odd"
start_receiver "$dst" --yes --name lab-b || exit 1
send --to "127.0.0.1:$RPORT" --name lab-a "$odd"
check "odd name: the send works" [ "$SRC" -eq 0 ]
line=$("$FERRY" history --json --sent)
check "json escapes quote, tab and a byte that is not UTF-8" has "$line" '"name":"q\\"t\\u0009x\\ufffd.txt"'
same "text output shows them harmlessly" "DATE  to lab-b  4 bytes  $src/q\"t?x?.txt  sent" "$(hist --sent)"
kill "$RPID"; wait "$RPID" 2>/dev/null

# A text snippet is recorded with its text, and found by it.
start_receiver "$dst" --yes --name lab-b || exit 1
"$FERRY" send $RISK --to "127.0.0.1:$RPORT" --name lab-a --text "https://example.org/wiki?id=42" >"$T/t.log" 2>&1
check "text: the send works" [ "$?" -eq 0 ]
same "text: the receiver's record, found by 3 letters" "DATE  from lab-a  30 bytes  text \"https://example.org/wiki?id=42\"" \
    "$(hist ple.o --received --type text)"
check "text: --json has it" has "$("$FERRY" history --json --sent --type text)" '"kind":"text".*"text":"https://example.org/wiki?id=42"}$'
kill "$RPID"; wait "$RPID" 2>/dev/null

# history=off: nothing is recorded.
"$FERRY" history --clear >/dev/null
printf 'history=off\n' >"$XDG_CONFIG_HOME/ferry/settings.txt"
start_receiver "$dst" --yes --name lab-b || exit 1
send --to "127.0.0.1:$RPORT" --name lab-a "$src/a.txt"
check "history=off: the send works" [ "$SRC" -eq 0 ]
same "history=off: nothing recorded" "" "$(hist)"
finish
