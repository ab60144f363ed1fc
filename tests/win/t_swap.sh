#!/usr/bin/env bash
# Attack on ferry.exe receiving (under wine, the Linux ferry sending): a
# folder swapped for a link between an interrupted run and its rerun
# (tests/e2e/t_attack_swap.sh on Windows). Wine cannot make junctions or
# Windows symbolic links, but it shows a unix symbolic link to a folder,
# made here with ln -s, as a folder with FILE_ATTRIBUTE_REPARSE_POINT, and
# the Windows seam (src/platform/fy_platform_win32_tree.c) must refuse it.
# The links point at copies of the partial data outside the receive folder,
# so a receiver that followed them would happily "resume" there.
# What must hold:
#  A. dst/tree/sub replaced by a link: the rerun writes nothing outside and
#     the sender exits 8 with "... is a symbolic link or junction";
#  B. dst/tree itself replaced by a link: the rerun exits 0 and the tree
#     arrives complete under dst/tree (1); the link's target is unchanged.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/../e2e/lib_attack.sh"
. "$(dirname "$0")/lib_win.sh"

src="$T/src"
mkdir -p "$src/tree/sub"
head -c $((4 * 1000 * 1000)) /dev/urandom >"$src/tree/sub/a.bin"
head -c 300000 /dev/urandom >"$src/tree/sub/b.bin"

# interrupt WHAT PART: sends WHAT slowly to the running wine receiver and
# kills the Linux sender (-9) once PART holds 300 KB, then waits until the
# receiver has given the dead transfer up (else the rerun could be told
# "already being received").
interrupt() {
    local ends
    ends=$(recv_ends)
    bg_send "$T/interrupted.log" --to "127.0.0.1:$WPORT" --limit 1M "$1"
    wait_size "$2" 300000 60
    check "interrupted mid-file ($(file_size "$2") bytes in $(basename "$2"))" [ -f "$2" ]
    kill9 "$SPID"
    check "ferry.exe reported the interrupted transfer as ended" wait_recv_ends $((ends + 1)) 60
}

# A. The folder the partial file lives in becomes a link to outside.
dst="$T/dstA"
mkdir -p "$dst"
start_wreceiver "$dst" --yes || exit 1
interrupt "$src/tree" "$dst/tree/sub/a.bin.part"
swap_for_link "$dst/tree/sub" "$T/outside"
before=$BEFORE
send --to "127.0.0.1:$WPORT" "$src/tree"
check "A: the rerun fails with exit 8 (got $SRC)" [ "$SRC" -eq 8 ]
check "A: the sender is told it is a symbolic link or junction" grep -qF "is a symbolic link or junction" "$SLOG"
check "A: nothing written into the link's target (listing and checksums)" [ "$(snapshot "$T/outside")" = "$before" ]
check "A: no a.bin or b.bin appeared outside" test ! -e "$T/outside/a.bin" -a ! -e "$T/outside/b.bin"
check "A: the link is still the same link" [ "$(readlink "$dst/tree/sub")" = "$T/outside" ]
check "A: ferry.exe is still receiving" kill -0 "$WPID"
[ "$FAILS" -eq 0 ] || { echo "# sender said:"; sed 's/^/#   /' "$SLOG"; echo "# ferry.exe said:"; sed 's/^/#   /' "$WRLOG"; }
kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null

# B. The transfer's top folder becomes a link to outside2.
fails_before_b=$FAILS
dst="$T/dstB"
mkdir -p "$dst"
start_wreceiver "$dst" --yes || exit 1
interrupt "$src/tree" "$dst/tree/sub/a.bin.part"
swap_for_link "$dst/tree" "$T/outside2"
before=$BEFORE
send --to "127.0.0.1:$WPORT" "$src/tree"
check "B: the rerun exits 0 (got $SRC)" [ "$SRC" -eq 0 ]
check "B: the tree arrived complete and identical in dst/tree (1)" diff -r "$src/tree" "$dst/tree (1)"
check "B: nothing written into the link's target (listing and checksums)" [ "$(snapshot "$T/outside2")" = "$before" ]
check "B: the link is still the same link" [ "$(readlink "$dst/tree")" = "$T/outside2" ]
check "B: no .part left in dst" [ -z "$(find "$dst" -name '*.part')" ]
[ "$FAILS" -eq "$fails_before_b" ] || { echo "# sender said:"; sed 's/^/#   /' "$SLOG"; echo "# ferry.exe said:"; sed 's/^/#   /' "$WRLOG"; }
kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null
finish
