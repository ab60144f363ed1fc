#!/usr/bin/env bash
# Attack: a sender that lies with sizes (fy_evil modes).
#  wrap:    file entries of 2^63-1, 2^63-1 and 3 bytes, the OFFER's total
#           being their sum wrapped to 64 bits (1 byte);
#  huge:    three entries of 2^61 bytes: the total (6.9 EB) overflows
#           neither 64 nor 63 bits, and fits on no disk;
#  bigdata: an honest one-file offer, then a DATA frame one byte larger
#           than FY_DATA_MAX (1048577 bytes; the frame cap allows it).
# What must hold: each is refused with an ERROR saying why ("add up to more
# than", "not enough space", "DATA frame of 1048577 bytes"), the sender is
# shown that text, nothing is created in the receive folder, and the
# receiver goes on serving an honest sender.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_attack.sh"
: "${FERRY_EVIL:?FERRY_EVIL must point at the fy_evil test tool}"

dst="$T/dst"; mkdir -p "$dst" "$T/src"
head -c 100000 /dev/urandom >"$T/src/good.bin"
start_receiver "$dst" --yes --timeout 5 || exit 1

evil() { # evil MODE: runs the hostile sender, its output (the receiver's ERROR text) in EOUT
    find "$dst" -mindepth 1 -delete # each mode is judged on its own
    EOUT=$(timeout 30 "$FERRY_EVIL" "$RPORT" "$1")
    echo "# $1: fy_evil printed: $EOUT"
}
empty_dst() { [ -z "$(find "$dst" -mindepth 1)" ]; }

evil wrap
check "wrap: refused, sizes that add up to more than 64 bits" grep -qF "add up to more than" <<<"$EOUT"
check "wrap: nothing created in the receive folder: $(find "$dst" -mindepth 1 | head -3 | tr '\n' ' ')" empty_dst
check "wrap: the receiver logs the refusal" wait_grep "$RLOG" "add up to more than" 5

evil huge
check "huge: refused, not enough space" grep -qF "not enough space" <<<"$EOUT"
check "huge: nothing created in the receive folder: $(find "$dst" -mindepth 1 | head -3 | tr '\n' ' ')" empty_dst

evil bigdata
check "bigdata: refused, naming the frame size" grep -qF "DATA frame of 1048577 bytes" <<<"$EOUT"
check "bigdata: no final file" [ ! -e "$dst/bigdata.bin" ]

send --to "127.0.0.1:$RPORT" "$T/src/good.bin"
check "the receiver still serves an honest sender (exit $SRC)" [ "$SRC" -eq 0 ]
check "the honest file arrived" cmp -s "$T/src/good.bin" "$dst/good.bin"
finish
