#!/usr/bin/env bash
# The pkg fixture: bash .ci/package into FERRY_DIST, with the zip only
# when the Windows build has a ferry.exe (building the Windows libraries
# is .ci/test's job, not a test's).
set -eu
skip=1
[ -f "$FERRY_WIN_BUILD/ferry.exe" ] && skip=0
FERRY_DIST="$FERRY_DIST" FERRY_PKG_BUILD="$FERRY_BUILD" FERRY_PKG_BUILD_WIN="$FERRY_WIN_BUILD" \
    FERRY_SKIP_WINDOWS="${FERRY_SKIP_WINDOWS:-$skip}" bash "$FERRY_SRC/.ci/package"
