#!/usr/bin/env bash
# tests/win/t_exe.sh (imports only Windows' own DLLs, GUI subsystem, the
# manifest and version resource, --version, exit statuses) on the ferry.exe
# inside the zip, as a user gets it.
set -u
ZIP=$(ls "$FERRY_DIST"/ferry-*-windows-x64.zip 2>/dev/null | head -1)
[ -n "$ZIP" ] || { echo "no zip in $FERRY_DIST (no Windows build): skipped"; exit 77; }
d=$(mktemp -d "${TMPDIR:-/tmp}/ferry-pkg-exe.XXXXXX")
trap 'rm -rf "$d"' EXIT
unzip -q "$ZIP" ferry.exe -d "$d" || exit 1
export FERRY_EXE="$d/ferry.exe" WINEPREFIX="$FERRY_WIN_BUILD/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
bash "$FERRY_TESTS/win/prefix.sh" || exit 1
bash "$FERRY_TESTS/win/t_exe.sh"
