#!/usr/bin/env bash
# Attack: planted bookkeeping, from the network. A sender first delivers an
# ordinary file that happens to be named like the receiver's resume journal
# (".ferry-<id>.resume") and says "the next transfer's folder is `nas`"
# (a link to a folder outside the receive folder) or "`Documents`" (a folder
# the user already had), and that its secret.txt is already verified. Then
# it sends the tree with that id.
# What must hold: a received file is only ever data. The tree arrives under
# a fresh name, byte-identical and sent in full (nothing counted as already
# there); nothing outside the receive folder and nothing in Documents is
# touched; the planted file stays as it was received. And a received file
# named "x.part" is data too: sending "x" with it, in one transfer or in two,
# leaves both complete and nothing overwritten.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_attack.sh"
: "${FERRY_EVIL:?FERRY_EVIL must point at the fy_evil test tool}"

mkdir -p "$T/outside" "$T/plant"
printf 'top secret\n' >"$T/outside/secret.txt"
echo "the user's own notes" >"$T/outside/notes.txt"

# plant_and_send ROOT TREE DST: step 1 delivers a journal for TREE that
# names ROOT as its folder and claims secret.txt (entry 1) is done; step 2
# sends TREE. The sender's output of step 2 is in SLOG.
plant_and_send() {
    local root=$1 tree=$2 dst=$3 id hash j
    id=$("$FERRY_EVIL" id "$tree") && hash=$("$FERRY_EVIL" hash "$tree/secret.txt") || {
        fail "fy_evil id/hash failed"; return 1; }
    j="$T/plant/.ferry-$id.resume"
    printf 'ferry-resume 1\nroot 0 %s\ndone 1 %s\n' "$root" "$hash" >"$j"
    send --to "127.0.0.1:$RPORT" "$j"
    check "$root: the planted file is delivered like any file (exit $SRC)" [ "$SRC" -eq 0 ]
    check "$root: it arrived under its own name, byte-identical" cmp -s "$j" "$dst/.ferry-$id.resume"
    send --to "127.0.0.1:$RPORT" "$tree"
    check "$root: the tree is sent (exit $SRC)" [ "$SRC" -eq 0 ]
    PLANTED="$j"
    PLANTED_AT="$dst/.ferry-$id.resume"
}

# The tree: entry 0 the folder, entry 1 secret.txt, entry 2 zz-other.bin.
mk_tree() {
    mkdir -p "$1"
    printf 'top secret\n' >"$1/secret.txt"
    head -c 200000 /dev/urandom >"$1/zz-other.bin"
}

# 1. The planted journal points the tree's folder at a link to outside.
dst="$T/dst"; mkdir -p "$dst/Documents"
ln -s "$T/outside" "$dst/nas"
echo "my notes" >"$dst/Documents/notes.txt"
printf 'top secret\n' >"$dst/Documents/secret.txt"
mk_tree "$T/src/share"
before_out=$(snapshot "$T/outside")
before_docs=$(snapshot "$dst/Documents")
start_receiver "$dst" --yes || exit 1
plant_and_send nas "$T/src/share" "$dst"
check "nas: nothing outside the receive folder changed or was added" [ "$(snapshot "$T/outside")" = "$before_out" ]
check "nas: the link is still the same link" [ "$(readlink "$dst/nas")" = "$T/outside" ]
got=$(landed "$dst" share)
check "nas: the tree arrived under a fresh name (share or share (1))" [ -n "$got" ]
check "nas: and it is byte-identical" diff -r "$T/src/share" "${got:-$dst/share}"
check "nas: no byte was counted as already there (got '$(resumed_bytes "$SLOG")')" [ "$(resumed_bytes "$SLOG")" = 0 ]
check "nas: every byte crossed the network" [ "$(bytes_sent "$SLOG")" = "$(tree_size "$T/src/share")" ]
check "nas: the planted file is still there, unchanged" cmp -s "$PLANTED" "$PLANTED_AT"
check "nas: Documents untouched" [ "$(snapshot "$dst/Documents")" = "$before_docs" ]

# 2. The same with a real folder of the user's as the planted root.
mk_tree "$T/src/pics"
head -c 1000 /dev/urandom >>"$T/src/pics/zz-other.bin" # another id than share's
before_docs=$(snapshot "$dst/Documents")
before_out=$(snapshot "$T/outside")
plant_and_send Documents "$T/src/pics" "$dst"
check "Documents: nothing written into dst/Documents" [ "$(snapshot "$dst/Documents")" = "$before_docs" ]
got=$(landed "$dst" pics)
check "Documents: the tree arrived under a fresh name (pics or pics (1))" [ -n "$got" ]
check "Documents: and it is byte-identical" diff -r "$T/src/pics" "${got:-$dst/pics}"
check "Documents: no byte was counted as already there (got '$(resumed_bytes "$SLOG")')" \
    [ "$(resumed_bytes "$SLOG")" = 0 ]
check "Documents: every byte crossed the network" [ "$(bytes_sent "$SLOG")" = "$(tree_size "$T/src/pics")" ]
check "Documents: the planted file is still there, unchanged" cmp -s "$PLANTED" "$PLANTED_AT"
check "Documents: outside still untouched" [ "$(snapshot "$T/outside")" = "$before_out" ]
kill "$RPID"; wait "$RPID" 2>/dev/null

# 3. A received "x.part" is a file, not x's partial data.
mkdir -p "$T/xs"
printf 'planted part: not a prefix of x\n' >"$T/xs/x.part"
head -c 300000 /dev/urandom >"$T/xs/x"

# 3a. In the same transfer, x.part listed (and sent) before x.
dst3="$T/dst3"
start_receiver "$dst3" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$T/xs/x.part" "$T/xs/x"
check "same transfer: exit 0 (got $SRC)" [ "$SRC" -eq 0 ]
check "same transfer: x.part arrived complete, byte-identical" cmp -s "$T/xs/x.part" "$dst3/x.part"
got=$(landed "$dst3" x)
check "same transfer: x arrived complete, byte-identical" cmp -s "$T/xs/x" "${got:-$dst3/x}"
check "same transfer: exactly the two files, nothing else" [ "$(find "$dst3" -mindepth 1 | wc -l)" -eq 2 ]
kill "$RPID"; wait "$RPID" 2>/dev/null

# 3b. In two transfers: x.part first, then x.
dst4="$T/dst4"
start_receiver "$dst4" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$T/xs/x.part"
check "separate transfers: x.part delivered (exit $SRC)" [ "$SRC" -eq 0 ]
send --to "127.0.0.1:$RPORT" "$T/xs/x"
check "separate transfers: x delivered (exit $SRC)" [ "$SRC" -eq 0 ]
check "separate transfers: x.part still byte-identical" cmp -s "$T/xs/x.part" "$dst4/x.part"
got=$(landed "$dst4" x)
check "separate transfers: x complete, byte-identical" cmp -s "$T/xs/x" "${got:-$dst4/x}"
check "separate transfers: no byte of x counted as already there" [ "$(resumed_bytes "$SLOG")" = 0 ]
check "separate transfers: exactly the two files, nothing else" [ "$(find "$dst4" -mindepth 1 | wc -l)" -eq 2 ]
finish
