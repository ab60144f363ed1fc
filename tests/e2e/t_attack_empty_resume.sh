#!/usr/bin/env bash
# Resets across empty files: a tree with empty files before and after a
# big one and an empty folder, interrupted five times at later and later
# points (the sender killed -9), then once more with the receiver killed -9
# and restarted each time. An empty file finished in an earlier run has no
# bytes to offer as "already here", which must not make the rerun send it
# again into a second copy.
# What must hold: the last run exits 0; the received tree is identical to
# the source (diff -r); no file or folder named "... (1)" appears anywhere;
# no .part is left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_attack.sh"

src="$T/src/t"
mkdir -p "$src/a" "$src/e"
: >"$src/empty1"
: >"$src/a/empty2"
: >"$src/z_empty3"
head -c $((6 * 1000 * 1000)) /dev/urandom >"$src/big.bin"

# 1. The sender killed at five points, each later than the one before.
dst="$T/dst"
start_receiver "$dst" --yes || exit 1
for mb in 1 2 3 4 5; do
    ends=$(recv_ends)
    bg_send "$T/s$mb.log" --to "127.0.0.1:$RPORT" --limit 2M "$src"
    wait_size "$dst/t/big.bin.part" $((mb * 1000 * 1000)) 60
    kill9 "$SPID"
    check "sender killed with $(file_size "$dst/t/big.bin.part") bytes of big.bin here" \
        [ "$(file_size "$dst/t/big.bin.part")" -ge $((mb * 1000 * 1000)) ]
    wait_recv_ends $((ends + 1)) 30
done
send --to "127.0.0.1:$RPORT" "$src"
check "sender kills: the last run exits 0 (got $SRC)" [ "$SRC" -eq 0 ]
check "sender kills: tree identical" diff -r "$src" "$dst/t"
check "sender kills: no second copy of anything: $(find "$dst" -name '* (1)*' | head -3 | tr '\n' ' ')" \
    [ -z "$(find "$dst" -name '* (1)*')" ]
check "sender kills: no .part left" [ -z "$(find "$dst" -name '*.part')" ]
kill "$RPID"; wait "$RPID" 2>/dev/null

# 2. The receiver killed at three points and restarted each time.
dst="$T/dst2"
for mb in 1 3 5; do
    start_receiver "$dst" --yes || exit 1
    bg_send "$T/r$mb.log" --to "127.0.0.1:$RPORT" --limit 2M "$src"
    wait_size "$dst/t/big.bin.part" $((mb * 1000 * 1000)) 60
    kill9 "$RPID"
    wait_exit "$SPID" 60; ss=$?
    check "receiver killed with $(file_size "$dst/t/big.bin.part") bytes here; sender exits 5 (got $ss)" [ "$ss" -eq 5 ]
done
start_receiver "$dst" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src"
check "receiver kills: the last run exits 0 (got $SRC)" [ "$SRC" -eq 0 ]
check "receiver kills: tree identical" diff -r "$src" "$dst/t"
check "receiver kills: no second copy of anything: $(find "$dst" -name '* (1)*' | head -3 | tr '\n' ' ')" \
    [ -z "$(find "$dst" -name '* (1)*')" ]
check "receiver kills: no .part left" [ -z "$(find "$dst" -name '*.part')" ]
finish
