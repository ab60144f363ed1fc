#!/bin/sh
# run_wine.sh: builds tests/win/fy_win_harness.c with mingw-w64 against the
# Windows platform seam and runs it under wine, in a fresh prefix inside a
# temp folder that is removed afterwards (KEEP=1 keeps it).
# Needs: mingw-w64, wine. Usage: tests/win/run_wine.sh
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mktemp -d "${TMPDIR:-/tmp}/fywin.XXXXXX")
CC=${CC:-x86_64-w64-mingw32-gcc}
CFLAGS="-std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Werror
        -D_WIN32_WINNT=0x0601 -DWIN32_LEAN_AND_MEAN -DUNICODE -D_UNICODE -I$SRC/src"
mkdir -p "$OUT/run"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/fy_win_harness.exe" "$SRC/tests/win/fy_win_harness.c" \
    "$SRC/src/platform/fy_platform_win32.c" "$SRC/src/platform/fy_platform_win32_file.c" \
    "$SRC/src/platform/fy_platform_win32_dir.c" "$SRC/src/platform/fy_platform_win32_net.c" \
    "$SRC/src/platform/fy_platform_win32_term.c" "$SRC/src/platform/fy_platform_win32_pick.c" \
    "$SRC/src/platform/fy_platform_win32_tree.c" \
    "$SRC/src/core/fy_result.c" -lws2_32 -liphlpapi -lshell32 -lole32 -luuid -lcomdlg32

export WINEPREFIX="$OUT/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
timeout 300 wineboot -i >/dev/null 2>&1
# Run from a Unix folder, so the current folder is on Z: (the real /tmp).
cd "$OUT/run"
rc=0
# The argument checks that the wide command line reaches argv as UTF-8.
timeout 300 wine "$OUT/fy_win_harness.exe" "Ünï✓" || rc=$?
wineserver -k 2>/dev/null || true
cd /
if [ -z "${KEEP:-}" ]; then rm -rf "$OUT"; else echo "kept $OUT" >&2; fi
exit $rc
