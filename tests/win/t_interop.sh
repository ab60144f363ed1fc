#!/usr/bin/env bash
# Linux <-> Windows, byte for byte: the Linux ferry sends to ferry.exe
# receiving under wine, then ferry.exe sends what it got back to a Linux
# receiver. The tree has non-ASCII names, empty folders, names reserved on
# Windows (aux.txt, con: they arrive as aux_.txt, con_) and a file over
# 4 GiB (sparse here, with data on both sides of the 4 GiB line).
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib_win.sh"

src="$T/src"
mkdir -p "$src/tree/Grüße 日本/leer" "$src/tree/ünï/deep/er" "$src/tree/empty"
printf 'Grüße aus Köln\n' >"$src/tree/Grüße 日本/naïve café.txt"
head -c 3000000 /dev/urandom >"$src/tree/ünï/deep/er/blob.bin"
: >"$src/tree/ünï/zero.txt"
printf 'aux on Linux\n' >"$src/tree/aux.txt"
printf 'con on Linux\n' >"$src/tree/con"
big="$src/big.bin"
size=$(( 4 * 1024 * 1024 * 1024 + 300 * 1024 * 1024 ))
truncate -s "$size" "$big"
head -c 1000000 /dev/urandom | dd of="$big" conv=notrunc status=none
head -c 1000000 /dev/urandom | dd of="$big" bs=1M seek=4095 conv=notrunc status=none
printf 'the end, past 4 GiB' | dd of="$big" bs=1 seek=$(( size - 19 )) conv=notrunc status=none

# 1. Linux sends, Windows receives.
mkdir -p "$T/win-in"
start_wreceiver "$T/win-in" --yes || exit 1
send --to "127.0.0.1:$WPORT" "$src/tree" "$big"
check "Linux -> ferry.exe: send exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
[ "$SRC" -eq 0 ] || cat "$SLOG" "$WRLOG" >&2
check "the 4.3 GiB file arrived identical" cmp -s "$big" "$T/win-in/big.bin"
check "non-ASCII names arrived identical" cmp -s "$src/tree/Grüße 日本/naïve café.txt" "$T/win-in/tree/Grüße 日本/naïve café.txt"
check "deep file identical" cmp -s "$src/tree/ünï/deep/er/blob.bin" "$T/win-in/tree/ünï/deep/er/blob.bin"
check "empty file arrived" test -f "$T/win-in/tree/ünï/zero.txt" -a ! -s "$T/win-in/tree/ünï/zero.txt"
check "empty folders arrived" test -d "$T/win-in/tree/empty" -a -d "$T/win-in/tree/Grüße 日本/leer"
check "aux.txt arrived as aux_.txt" cmp -s "$src/tree/aux.txt" "$T/win-in/tree/aux_.txt"
check "con arrived as con_" cmp -s "$src/tree/con" "$T/win-in/tree/con_"
check "no file was written under a reserved name" test ! -e "$T/win-in/tree/aux.txt" -a ! -e "$T/win-in/tree/con"
check "nothing left over on the Windows side" no_leftovers "$T/win-in"
kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null

# 2. Windows sends it all back, Linux receives.
mkdir -p "$T/linux-in"
start_receiver "$T/linux-in" --yes || exit 1
wferry send $RISK --to "127.0.0.1:$RPORT" "$T/win-in/tree" "$T/win-in/big.bin"
check "ferry.exe -> Linux: send exits 0 (status $WRC)" [ "$WRC" -eq 0 ]
[ "$WRC" -eq 0 ] || cat "$WLOG" "$RLOG" >&2
check "the 4.3 GiB file came back identical" cmp -s "$big" "$T/linux-in/big.bin"
check "the tree came back identical" diff -r "$T/win-in/tree" "$T/linux-in/tree"
check "nothing left over on the Linux side" no_leftovers "$T/linux-in"
rm -f "$big" "$T/win-in/big.bin" "$T/linux-in/big.bin"
finish
