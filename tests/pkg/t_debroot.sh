#!/usr/bin/env bash
# The .deb on a fresh Debian 12: a minimal root made by debootstrap
# (--variant=minbase, from the Debian mirror this machine's apt uses, plus
# man-db), cached as a tarball in build/pkg-debroot/ so reruns only unpack
# it. In a fresh copy of it: `apt-get install ./ferry_*.deb` pulls the
# libraries ferry needs and no -dev package; ferry --version, ferry receive
# --help and man ferry work; the desktop entry and the icons are where a
# desktop looks; `apt-get remove --purge ferry` leaves no file of ferry.
# Needs root (chroot). The first run takes a few minutes (the download and
# debootstrap's unpacking), a cached one well under one.
. "$(dirname "$0")/lib_pkg.sh"
[ "$(id -u)" -eq 0 ] || { fail "needs root for chroot (CI runs as root)"; finish; }
need debootstrap debootstrap

# The mirror: the first Debian URI apt is configured with (deb822 or one-line).
mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's|^URIs: *\(https\?://[^ ]*/debian\)/\?$|\1|p' | head -1)
[ -n "$mirror" ] || mirror=$(sed -n 's|^deb \(\[[^]]*\] \)\?\(https\?://[^ ]*/debian\)/\? .*|\2|p' /etc/apt/sources.list 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
echo "mirror: $mirror"

cache="$FERRY_BUILD/pkg-debroot"
base="$cache/bookworm-minbase.tar"
mkdir -p "$cache"
if [ ! -f "$base" ]; then
    tmproot="$cache/root.tmp"
    rm -rf "$tmproot"
    start=$SECONDS
    if ! debootstrap --variant=minbase --include=man-db bookworm "$tmproot" "$mirror" >"$cache/debootstrap.log" 2>&1; then
        tail -20 "$cache/debootstrap.log" >&2
        fail "debootstrap bookworm from $mirror"
        finish
    fi
    echo "debootstrap took $((SECONDS - start)) s"
    tar -C "$tmproot" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    rm -rf "$tmproot"
fi
root="$T/root"
mkdir -p "$root"
start=$SECONDS
tar -C "$root" -xf "$base"
echo "root unpacked in $((SECONDS - start)) s ($(du -sm "$root" | cut -f1) MB)"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb \
    DEBIAN_FRONTEND=noninteractive "$@"; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$mirror" "$mirror" >"$root/etc/apt/sources.list"
# apt's sandbox user cannot read /tmp files in a chroot without it.
echo 'APT::Sandbox::User "root";' >"$root/etc/apt/apt.conf.d/99test-sandbox"

in_root apt-get update -qq >"$T/update.log" 2>&1 || { cat "$T/update.log" >&2; fail "apt-get update in the root"; finish; }
in_root dpkg-query -W -f='${Package}\n' | sort >"$T/before"
cp "$DEB" "$root/root/"
deb_in_root="/root/$(basename "$DEB")"
start=$SECONDS
in_root apt-get install -y -q "$deb_in_root" >"$T/install.log" 2>&1; rc=$?
echo "apt-get install took $((SECONDS - start)) s"
check "apt-get install ./$(basename "$DEB") exits 0 (status $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$T/install.log" >&2
in_root dpkg-query -W -f='${Package}\n' | sort >"$T/after"
comm -13 "$T/before" "$T/after" >"$T/new"
echo "installed with ferry: $(tr '\n' ' ' <"$T/new")"
for p in ferry libsdl2-2.0-0 libsdl2-net-2.0-0 libsdl2-ttf-2.0-0 libsodium23; do
    check "apt pulled $p" grep -qx "$p" "$T/new"
done
check "apt pulled no -dev package" [ -z "$(grep -- '-dev$' "$T/new")" ]
rm -f "$root$deb_in_root"

out=$(in_root ferry --version 2>&1); rc=$?
check "ferry --version in the root exits 0 (status $rc)" [ "$rc" -eq 0 ]
check "ferry --version: $(head -1 <<<"$out")" grep -qxE "ferry $VERSION \(protocol [0-9]+( to [0-9]+)?\)" <<<"$(head -1 <<<"$out")"
out=$(in_root ferry receive --help 2>&1); rc=$?
check "ferry receive --help exits 0 (status $rc)" [ "$rc" -eq 0 ]
check "ferry receive --help prints its usage" grep -q "^Usage: ferry receive" <<<"$out"
check "ldd: no library missing" [ -z "$(in_root ldd /usr/bin/ferry | grep 'not found')" ]
out=$(in_root env MANPAGER=cat MANWIDTH=80 man ferry 2>&1); rc=$?
check "man ferry exits 0 (status $rc)" [ "$rc" -eq 0 ]
check "man ferry shows the page" grep -qE "ferry +- send files and folders" <<<"$out"
check "man ferry shows EXIT STATUS" grep -q "^EXIT STATUS" <<<"$out"
check "the desktop entry is in /usr/share/applications" test -f "$root/usr/share/applications/$APP_ID.desktop"
icon=$(sed -n 's/^Icon=//p' "$root/usr/share/applications/$APP_ID.desktop")
for s in 16x16 32x32 48x48 64x64 128x128 256x256; do
    check "icon $icon at $s in hicolor" test -s "$root/usr/share/icons/hicolor/$s/apps/$icon.png"
done
check "icon $icon scalable in hicolor" test -s "$root/usr/share/icons/hicolor/scalable/apps/$icon.svg"
exe=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$root/usr/share/applications/$APP_ID.desktop")
check "the desktop entry's Exec ($exe) is on PATH" in_root sh -c "command -v $exe >/dev/null"
check "the metainfo is in /usr/share/metainfo" test -f "$root/usr/share/metainfo/$APP_ID.metainfo.xml"
check "bash completion is where bash-completion looks" test -f "$root/usr/share/bash-completion/completions/ferry"

in_root apt-get remove --purge -y -q ferry >"$T/remove.log" 2>&1; rc=$?
check "apt-get remove --purge ferry exits 0 (status $rc)" [ "$rc" -eq 0 ]
gone() { ! in_root dpkg -s ferry >/dev/null 2>&1; }
check "dpkg no longer knows ferry" gone
# `man ferry` above made man-db cache the formatted page in
# /var/cache/man/cat1/ferry.1.gz: man-db's cache, not a file of the package
# (man-db's daily job deletes cat pages unused for a week), so not counted.
find "$root" -xdev -path "$root/var/cache/man" -prune -o \( -iname '*ferry*' -o -name "$APP_ID*" \) -print >"$T/left"
cat "$T/left"
check "no file named after ferry is left in the root" [ ! -s "$T/left" ]
rm -rf "$root"
finish
