#!/usr/bin/env bash
# prefix.sh: makes the wine prefix that the Windows tests share, once per
# build folder (ctest fixture "wine"). WINEPREFIX comes from the test's
# environment (tests/win.cmake).
set -eu
: "${WINEPREFIX:?WINEPREFIX must name the prefix folder}"
if [ -f "$WINEPREFIX/system.reg" ]; then exit 0; fi
command -v wine >/dev/null || { echo "wine is missing (apt-get install wine wine64)" >&2; exit 1; }
timeout 300 wineboot -i >/dev/null 2>&1 || true
wineserver -w
test -f "$WINEPREFIX/system.reg" || { echo "wineboot did not make a prefix in $WINEPREFIX" >&2; exit 1; }
echo "wine prefix ready: $WINEPREFIX"
