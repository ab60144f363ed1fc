#!/usr/bin/env bash
# Reproducible: the same commit packaged from two build folders gives
# byte-identical .deb and .tar.gz: the one the suite built (build/) and a
# fresh one configured and compiled here in another folder, so no build
# path, time or file order leaks in; and the
# zip made twice from the same ferry.exe is identical too (a second full
# Windows build would take 10 minutes more). The same SOURCE_DATE_EPOCH
# (the commit's) drives both; a third run with another one must differ, or
# the check could not fail.
. "$(dirname "$0")/lib_pkg.sh"
work="$FERRY_BUILD/pkg-repro"    # inside build/: ignored by git, so the tree stays as clean as it was
rm -rf "$work"
mkdir -p "$work"
win=1
[ -f "$FERRY_WIN_BUILD/ferry.exe" ] || win=0
for n in a b; do
    start=$SECONDS
    bdir="$work/build-$n"
    [ "$n" = a ] && bdir="$FERRY_BUILD"
    FERRY_DIST="$work/dist-$n" FERRY_PKG_BUILD="$bdir" FERRY_PKG_BUILD_WIN="$FERRY_WIN_BUILD" \
        FERRY_SKIP_WINDOWS=$((1 - win)) nice -n 10 bash "$FERRY_SRC/.ci/package" >"$work/$n.log" 2>&1
    rc=$?
    check "package run $n exits 0 (status $rc, $((SECONDS - start)) s)" [ "$rc" -eq 0 ]
    [ "$rc" -eq 0 ] || tail -30 "$work/$n.log" >&2
done
cat "$work/dist-a/SHA256SUMS"
check "build/ and a fresh build: identical SHA256SUMS" cmp "$work/dist-a/SHA256SUMS" "$work/dist-b/SHA256SUMS"
for f in "$(basename "$DEB")" "$(basename "$TGZ")"; do
    check "build/ and a fresh build: $f identical" cmp "$work/dist-a/$f" "$work/dist-b/$f"
done
if [ "$win" = 1 ]; then
    check "twice from one ferry.exe: $(basename "$ZIP") identical" \
        cmp "$work/dist-a/$(basename "$ZIP")" "$work/dist-b/$(basename "$ZIP")"
fi
check "SHA256SUMS is right" bash -c "cd '$work/dist-a' && sha256sum --quiet -c SHA256SUMS"
check "SHA256SUMS lists every artifact" [ "$(wc -l <"$work/dist-a/SHA256SUMS")" -eq $((2 + win)) ]
# Times are inside the archives: another SOURCE_DATE_EPOCH changes them.
SOURCE_DATE_EPOCH=1000000000 FERRY_DIST="$work/dist-c" FERRY_PKG_BUILD="$FERRY_BUILD" FERRY_SKIP_WINDOWS=1 \
    bash "$FERRY_SRC/.ci/package" >"$work/c.log" 2>&1
differ() { ! cmp -s "$1" "$2"; }
check "another SOURCE_DATE_EPOCH gives another .deb (the check can fail)" \
    differ "$work/dist-a/$(basename "$DEB")" "$work/dist-c/$(basename "$DEB")"
check "and its files carry that time" grep -q " 2001-09-09 " <(dpkg-deb -c "$work/dist-c/$(basename "$DEB")" | head -3)
[ "$FAILS" -eq 0 ] && rm -rf "$work"
finish
