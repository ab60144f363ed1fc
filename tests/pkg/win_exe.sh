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
bash "$FERRY_TESTS/win/t_exe.sh" || exit 1
# And the versions agree: the resource's FileVersion and ProductVersion
# strings, --version, and the package name.
version=$(sed -n 's/^project(ferry VERSION \([0-9.]*\).*/\1/p' "$FERRY_SRC/CMakeLists.txt")
rc=0
case "$ZIP" in *"-$version-windows-x64.zip") ;; *) echo "FAIL - zip name has version $version" >&2; rc=1 ;; esac
n=$(strings -el "$FERRY_EXE" | grep -cx "$version")
[ "$n" -ge 2 ] && echo "ok - version resource: FileVersion and ProductVersion $version" ||
    { echo "FAIL - version resource strings $version (found $n)" >&2; rc=1; }
out=$(cd "$d" && wine "$FERRY_EXE" --version 2>/dev/null | tr -d '\r')
grep -qxE "ferry $version \(protocol [0-9]+( to [0-9]+)?\)" <<<"$(head -1 <<<"$out")" && echo "ok - --version: $version" ||
    { echo "FAIL - --version: $out" >&2; rc=1; }
grep -qxE "commit [0-9a-f]{12}, (clean tree|with uncommitted changes)|unknown commit" <<<"$(sed -n 2p <<<"$out")" &&
    echo "ok - --version names the commit: $(sed -n 2p <<<"$out")" || { echo "FAIL - --version commit line: $out" >&2; rc=1; }
exit $rc
