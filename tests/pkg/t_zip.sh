#!/usr/bin/env bash
# The Windows zip: exactly ferry.exe (the one build-win made), README.txt
# and LICENSES.txt, sorted, with what a Windows user needs to read; then
# the unzipped ferry.exe under wine moves files both ways with the Linux
# ferry.
. "$(dirname "$0")/lib_pkg.sh"
[ -f "$ZIP" ] || { echo "no $ZIP (no Windows build): skipped"; exit 77; }
need unzip unzip
z="$T/zip"
mkdir -p "$z"
unzip -q "$ZIP" -d "$z"
check "the zip holds LICENSES.txt, README.txt, ferry.exe, sorted" \
    [ "$(unzip -Z1 "$ZIP" | tr "\n" " ")" = "LICENSES.txt README.txt ferry.exe " ]
check "ferry.exe is the one build-win made" cmp "$z/ferry.exe" "$FERRY_WIN_BUILD/ferry.exe"
check "README.txt has Windows line ends" grep -q $'\r$' "$z/README.txt"
r=$(tr -d '\r' <"$z/README.txt")
check "README.txt: the version" grep -q "^Ferry $VERSION for Windows" <<<"$r"
check "README.txt: double-click" grep -qi "double-click ferry.exe" <<<"$r"
check "README.txt: from cmd" grep -q "ferry.exe receive" <<<"$r"
check "README.txt: the firewall" grep -q "Windows Firewall" <<<"$r"
check "README.txt: where settings go" grep -qF '%APPDATA%\Ferry' <<<"$r"
check "README.txt: where received files go" grep -qF 'Downloads\Ferry' <<<"$r"
l=$(tr -d '\r' <"$z/LICENSES.txt")
for what in "Ferry" "SDL2 " "SDL2_net " "SDL2_ttf " "FreeType " "libsodium " "xxHash " "SQLite" "DejaVu Sans fonts" \
            "mingw-w64 runtime"; do
    check "LICENSES.txt has a section for $what" grep -q "^$what" <<<"$l"
done
check "LICENSES.txt: Ferry's own license text" grep -q "Copyright (c) 2026 the Ferry authors" <<<"$l"
check "LICENSES.txt: the zlib terms (SDL)" grep -q "Permission is granted to anyone to use this software" <<<"$l"
check "LICENSES.txt: FreeType's credit line" grep -q "Portions of this software are copyright (c) The FreeType Project" <<<"$l"
check "LICENSES.txt: libsodium's ISC terms" grep -q "Permission to use, copy, modify, and/or distribute this software" <<<"$l"
check "LICENSES.txt: xxHash's BSD terms" grep -q "BSD 2-Clause License" <<<"$l"
check "LICENSES.txt: Bitstream Vera terms" grep -q "Bitstream Vera" <<<"$l"

# Under wine: one transfer each way with the Linux ferry.
export FERRY_EXE="$z/ferry.exe" WINEPREFIX="$FERRY_WIN_BUILD/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
WINEPREFIX="$WINEPREFIX" bash "$FERRY_TESTS/win/prefix.sh" || { fail "wine prefix"; finish; }
. "$FERRY_TESTS/win/lib_win.sh"
src="$T/src"
mkdir -p "$src/tree/sub" "$T/win-in" "$T/linux-in"
head -c 2500000 /dev/urandom >"$src/tree/sub/blob.bin"
printf 'Grüße\n' >"$src/tree/naïve.txt"
start_wreceiver "$T/win-in" --yes --once || exit 1
send --to "127.0.0.1:$WPORT" "$src/tree"
check "Linux -> zipped ferry.exe: exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
wait_exit "$WPID" 60; wrc=$?
check "zipped ferry.exe receive --once exits 0 (status $wrc)" [ "$wrc" -eq 0 ]
check "the tree arrived identical on the Windows side" diff -r "$src/tree" "$T/win-in/tree"
start_receiver "$T/linux-in" --yes --once || exit 1
wferry send $RISK --to "127.0.0.1:$RPORT" "$T/win-in/tree"
check "zipped ferry.exe -> Linux: exits 0 (status $WRC)" [ "$WRC" -eq 0 ]
[ "$WRC" -eq 0 ] || cat "$WLOG" "$RLOG" >&2
wait_exit "$RPID" 60
check "the tree came back identical" diff -r "$src/tree" "$T/linux-in/tree"
finish
