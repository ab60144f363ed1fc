#!/usr/bin/env bash
# Attack: a folder (or a .part file) swapped for a symbolic link between an
# interrupted run and its rerun, by anyone who can write in the receive
# folder. The links point at copies of the partial data outside it, so a
# receiver that follows them would happily "resume" there.
# What must hold:
#  A. dst/tree/sub replaced by a link: the rerun writes nothing outside (no
#     .part there either) and fails with exit 8, "... is a symbolic link";
#  B. dst/tree itself replaced by a link: the rerun exits 0 and the tree
#     arrives complete under dst/tree (1); the link's target is unchanged;
#  C. dst/big.bin.part replaced by a link: the rerun exits 0, dst/big (1).bin
#     is byte-identical, the link's target is unchanged and the link stays.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_attack.sh"

src="$T/src"
mkdir -p "$src/tree/sub"
head -c $((4 * 1000 * 1000)) /dev/urandom >"$src/tree/sub/a.bin"
head -c 300000 /dev/urandom >"$src/tree/sub/b.bin"
head -c $((4 * 1000 * 1000)) /dev/urandom >"$src/big.bin"

# interrupt WHAT PART: sends WHAT slowly to the running receiver and
# kills the sender (-9) once PART holds 300 KB.
interrupt() {
    local ends
    ends=$(recv_ends)
    bg_send "$T/interrupted.log" --to "127.0.0.1:$RPORT" --limit 1M "$1"
    wait_size "$2" 300000 60
    check "interrupted mid-file ($(file_size "$2") bytes in $(basename "$2"))" [ -f "$2" ]
    kill9 "$SPID"
    wait_recv_ends $((ends + 1)) 30
}

# A. The folder the partial file lives in becomes a link to outside.
dst="$T/dstA"
start_receiver "$dst" --yes || exit 1
interrupt "$src/tree" "$dst/tree/sub/a.bin.part"
swap_for_link "$dst/tree/sub" "$T/outside"
before=$BEFORE
send --to "127.0.0.1:$RPORT" "$src/tree"
check "A: the rerun fails with exit 8 (got $SRC)" [ "$SRC" -eq 8 ]
check "A: the sender is told it is a symbolic link" grep -qF "is a symbolic link" "$SLOG"
check "A: nothing written into the link's target (listing and checksums)" [ "$(snapshot "$T/outside")" = "$before" ]
check "A: no a.bin or b.bin appeared outside" test ! -e "$T/outside/a.bin" -a ! -e "$T/outside/b.bin"
check "A: the link is still the same link" [ "$(readlink "$dst/tree/sub")" = "$T/outside" ]
kill "$RPID"; wait "$RPID" 2>/dev/null

# B. The transfer's top folder becomes a link to outside2.
dst="$T/dstB"
start_receiver "$dst" --yes || exit 1
interrupt "$src/tree" "$dst/tree/sub/a.bin.part"
swap_for_link "$dst/tree" "$T/outside2"
before=$BEFORE
send --to "127.0.0.1:$RPORT" "$src/tree"
check "B: the rerun exits 0 (got $SRC)" [ "$SRC" -eq 0 ]
check "B: the tree arrived complete in dst/tree (1)" diff -r "$src/tree" "$dst/tree (1)"
check "B: nothing written into the link's target (listing and checksums)" [ "$(snapshot "$T/outside2")" = "$before" ]
check "B: the link is still the same link" [ "$(readlink "$dst/tree")" = "$T/outside2" ]
check "B: no .part left in dst" [ -z "$(find "$dst" -name '*.part')" ]
kill "$RPID"; wait "$RPID" 2>/dev/null

# C. The .part file itself becomes a link to a copy of it elsewhere.
dst="$T/dstC"
start_receiver "$dst" --yes || exit 1
interrupt "$src/big.bin" "$dst/big.bin.part"
mv "$dst/big.bin.part" "$T/victim"
ln -s "$T/victim" "$dst/big.bin.part"
victim_sum=$(sha256sum <"$T/victim")
send --to "127.0.0.1:$RPORT" "$src/big.bin"
check "C: the rerun exits 0 (got $SRC)" [ "$SRC" -eq 0 ]
check "C: dst/big (1).bin is byte-identical to the source" cmp -s "$src/big.bin" "$dst/big (1).bin"
check "C: the link's target is unchanged" [ "$(sha256sum <"$T/victim")" = "$victim_sum" ]
check "C: the link is still there, pointing at the victim" [ "$(readlink "$dst/big.bin.part")" = "$T/victim" ]
check "C: no big.bin was made through the link" [ ! -e "$dst/big.bin" ]
finish
