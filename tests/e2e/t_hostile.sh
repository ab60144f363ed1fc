#!/usr/bin/env bash
# Lying and broken senders: each gets a clear error, nothing is written
# outside the receive folder, nothing already received is lost, and the
# receiver goes on serving honest senders afterwards.
. "$(dirname "$0")/lib.sh"
: "${FERRY_EVIL:?FERRY_EVIL must point at the fy_evil test tool}"

dst="$T/box/dst"; mkdir -p "$dst" "$T/src"
echo "good" >"$T/src/good.txt"
start_receiver "$dst" --yes --timeout 2 || exit 1

evil() { # evil MODE: runs the hostile sender, its output (the receiver's ERROR text) in EOUT
    EOUT=$(timeout 20 "$FERRY_EVIL" "$RPORT" "$1")
}
log_has() { sleep 0.3; grep -qF -- "$1" "$RLOG"; }

evil garbage
check "garbage: receiver names the problem" log_has "refused a connection from 127.0.0.1"
check "garbage: not a Ferry peer" log_has "peer is not speaking the Ferry protocol"

evil oversize
check "oversize frame refused" log_has "frame length 2147483647 is outside 1..1048640"

evil truncated
check "truncated stream: clear error" log_has "lost in the middle of a frame"

evil lying-offer
check "lying offer: sender told why" [ "$EOUT" = "manifest does not match the offer (0 files, 3 bytes announced)" ]

evil orphan
check "entry before its folder refused" [ "$EOUT" = 'manifest entry 0 ("dir/a.txt"): entry "dir/a.txt" comes before its folder' ]

evil more
check "more bytes than announced: sender told" [ "$EOUT" = 'sender sent more data than announced for "more.txt"' ]
check "more: no file" [ ! -e "$dst/more.txt" ]

evil fewer
check "fewer bytes than announced: sender told" [ "$EOUT" = 'sender sent fewer bytes than announced for "fewer.txt" (5 missing)' ]
check "fewer: no final file" [ ! -e "$dst/fewer.txt" ]
check "fewer: partial data kept as .part" [ -f "$dst/fewer.txt.part" ]

evil badhash
check "checksum mismatch named" [ "$EOUT" = 'checksum mismatch for "badhash.txt": the file was damaged on the way' ]
check "badhash: no final file" [ ! -e "$dst/badhash.txt" ]
check "badhash: damaged .part removed" [ ! -e "$dst/badhash.txt.part" ]

evil traversal
check "traversal: nothing outside the receive folder" [ -z "$(find "$T/box" -name 'evil*' -not -path "$dst/*")" ]
check "traversal: transfer completed" [ -z "$EOUT" ]
check "traversal: ../evil1.txt landed inside" [ "$(cat "$dst/evil1.txt" 2>/dev/null)" = evil ]
check "traversal: /evil2.txt landed inside" [ "$(cat "$dst/evil2.txt" 2>/dev/null)" = evil ]
check "traversal: ../../../../../../evil3.txt landed inside" [ "$(cat "$dst/evil3.txt" 2>/dev/null)" = evil ]
check "traversal: backslashes are not separators" [ "$(cat "$dst/.._.._evil4.txt" 2>/dev/null)" = evil ]
check "traversal: ./../evil5.txt landed inside" [ "$(cat "$dst/evil5.txt" 2>/dev/null)" = evil ]
check "traversal: / untouched" test ! -e /evil2.txt -a ! -e /evil3.txt

evil absolute-nested
check "absolute nested path refused" log_has 'manifest entry 0 ("/tmp/evil.txt"): entry "tmp/evil.txt" comes before its folder'
check "absolute nested path: nothing written" test ! -e "$dst/tmp" -a ! -e /tmp/evil.txt

start=$(date +%s)
evil silent
took=$(( $(date +%s) - start ))
check "silent peer dropped after the idle timeout (${took}s)" test "$took" -ge 2 -a "$took" -le 10
check "silent peer: timeout named" log_has "went silent for 2 seconds"

# After all that, an honest sender is still served.
send --to "127.0.0.1:$RPORT" "$T/src/good.txt"
check "receiver still serves honest senders" [ "$SRC" -eq 0 ]
check "honest file arrived" cmp -s "$T/src/good.txt" "$dst/good.txt"

# `receive --once` serves one connection: one that fails before its offer
# is whole ends it with that failure, so a script waiting on it learns.
kill "$RPID" 2>/dev/null; wait "$RPID" 2>/dev/null
start_receiver "$dst" --yes --once --timeout 2 || exit 1
evil lying-offer
wait_exit "$RPID" 20; rs=$?
check "--once after a lying offer exits 6 (got $rs)" [ "$rs" -eq 6 ]
start_receiver "$dst" --yes --once --timeout 2 || exit 1
evil garbage
wait_exit "$RPID" 20; rs=$?
check "--once after garbage exits 6 (got $rs)" [ "$rs" -eq 6 ]
check "and says why" log_has "peer is not speaking the Ferry protocol"
finish
