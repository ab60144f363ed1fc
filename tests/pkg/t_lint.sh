#!/usr/bin/env bash
# The Linux artifacts as a distribution checks them: lintian finds no error
# and no warning in the .deb; the desktop entry, the AppStream metainfo and
# the man page pass their validators; Depends was computed by
# dpkg-shlibdeps; the files are exactly the expected ones, in the .deb and
# in the .tar.gz; and every version agrees with CMakeLists.txt.
. "$(dirname "$0")/lib_pkg.sh"
need lintian lintian
need desktop-file-validate desktop-file-utils
need appstreamcli appstream
need groff groff

x="$T/deb"
dpkg-deb -x "$DEB" "$x"
dpkg-deb -f "$DEB" >"$T/control"

# 1. lintian: E: and W: lines fail (I: and P: are hints; none overridden).
lintian --pedantic --display-info "$DEB" >"$T/lintian.txt" 2>&1; lrc=$?
cat "$T/lintian.txt"
check "lintian ran (status $lrc)" [ "$lrc" -eq 0 -o "$lrc" -eq 1 ]
check "lintian: no errors" [ -z "$(grep '^E: ' "$T/lintian.txt")" ]
check "lintian: no warnings" [ -z "$(grep '^W: ' "$T/lintian.txt")" ]

# 2. Control fields: the version, and Depends from dpkg-shlibdeps (the
# libraries ferry links, with versions), not typed by hand.
check "Package: ferry" grep -qx "Package: ferry" "$T/control"
check "Version: $VERSION" grep -qx "Version: $VERSION" "$T/control"
check "Architecture: amd64" grep -qx "Architecture: amd64" "$T/control"
dep=$(sed -n 's/^Depends: //p' "$T/control")
echo "Depends: $dep"
for lib in libc6 libsdl2-2.0-0 libsdl2-net-2.0-0 libsdl2-ttf-2.0-0 libsodium23 libsqlite3-0; do
    check "Depends names $lib with a version" grep -qE "(^|, )$lib \(>= [0-9]" <<<"$dep"
done
check "Depends names no -dev package" [ -z "$(grep -o '[a-z0-9.+-]*-dev' <<<"$dep")" ]

# 3. Exactly these files.
(cd "$x" && find . -type f | sort) >"$T/files"
cat >"$T/want" <<LIST
./usr/bin/ferry
./usr/share/applications/$APP_ID.desktop
./usr/share/bash-completion/completions/ferry
./usr/share/doc/ferry/README.md
./usr/share/doc/ferry/changelog.gz
./usr/share/doc/ferry/copyright
./usr/share/icons/hicolor/128x128/apps/$APP_ID.png
./usr/share/icons/hicolor/16x16/apps/$APP_ID.png
./usr/share/icons/hicolor/256x256/apps/$APP_ID.png
./usr/share/icons/hicolor/32x32/apps/$APP_ID.png
./usr/share/icons/hicolor/48x48/apps/$APP_ID.png
./usr/share/icons/hicolor/64x64/apps/$APP_ID.png
./usr/share/icons/hicolor/scalable/apps/$APP_ID.svg
./usr/share/man/man1/ferry.1.gz
./usr/share/metainfo/$APP_ID.metainfo.xml
LIST
check "the .deb holds exactly the expected files" diff "$T/want" "$T/files"
for s in 16 32 48 64 128 256; do
    check "icon ${s}x$s is a ${s}x$s PNG" \
        grep -q "PNG image data, $s x $s" <<<"$(file "$x/usr/share/icons/hicolor/${s}x$s/apps/$APP_ID.png")"
done
check "the .tar.gz holds the same files under ferry-$VERSION-linux-x86_64/" \
    diff <(sed "s|^\./usr/|ferry-$VERSION-linux-x86_64/|" "$T/want") \
         <(tar -tzf "$TGZ" | grep -v '/$')
check "the .tar.gz members are sorted" diff <(tar -tzf "$TGZ") <(tar -tzf "$TGZ" | LC_ALL=C sort)
check "the binary is stripped" grep -q "stripped" <<<"$(file "$x/usr/bin/ferry" | grep -v 'not stripped')"
check "the packaged ferry runs: --version $VERSION" grep -qxE "ferry $VERSION \(protocol [0-9]+( to [0-9]+)?\)" <<<"$("$x/usr/bin/ferry" --version | head -1)"

# 4. Desktop entry and metainfo.
desk="$x/usr/share/applications/$APP_ID.desktop"
desktop-file-validate "$desk" >"$T/dfv.txt" 2>&1; rc=$?
cat "$T/dfv.txt"
check "desktop-file-validate passes, silently (status $rc)" [ "$rc" -eq 0 -a ! -s "$T/dfv.txt" ]
check "desktop entry: Exec=ferry %F (files opened with Ferry go to the send list)" grep -qx "Exec=ferry %F" "$desk"
check "desktop entry: Icon is the installed icon's name" grep -qx "Icon=$APP_ID" "$desk"
check "desktop entry: in Network;FileTransfer;" grep -qx "Categories=Network;FileTransfer;" "$desk"
meta="$x/usr/share/metainfo/$APP_ID.metainfo.xml"
appstreamcli validate --no-net --pedantic "$meta" >"$T/as.txt" 2>&1; rc=$?
cat "$T/as.txt"
check "appstreamcli validate passes (status $rc)" [ "$rc" -eq 0 ]
# Pedantic hints only: the one left is AppStream disliking the capital in
# the reverse-DNS id, which the desktop file's name must match.
check "appstreamcli: no errors, warnings or infos" [ -z "$(grep -E '^[EWI]: ' "$T/as.txt")" ]
check "metainfo: the newest release is $VERSION" \
    grep -q "<release version=\"$VERSION\"" <<<"$(grep -m1 '<release ' "$meta")"
check "metainfo: launchable is the desktop entry" grep -q "<launchable type=\"desktop-id\">$APP_ID.desktop</launchable>" "$meta"
for shot in $(sed -n 's|.*<image[^>]*>https://[^<]*/main/\(docs/screenshots/[^<]*\)</image>.*|\1|p' "$meta"); do
    check "metainfo screenshot $shot is in the repository" test -s "$FERRY_SRC/$shot"
done
check "metainfo references screenshots" grep -q "docs/screenshots/" "$meta"
check "changelog: the newest entry is $VERSION" grep -q "^ferry ($VERSION)" <(zcat "$x/usr/share/doc/ferry/changelog.gz" | head -1)

# 5. The man page: renders without a warning, names every option.
man1="$x/usr/share/man/man1/ferry.1.gz"
zcat "$man1" >"$T/ferry.1"
groff -man -ww -z "$T/ferry.1" 2>"$T/groff.txt"; rc=$?
cat "$T/groff.txt"
check "groff -ww: no warnings (status $rc)" [ "$rc" -eq 0 -a ! -s "$T/groff.txt" ]
if command -v man >/dev/null; then
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man1" >"$T/man.txt" 2>"$T/man.err"; rc=$?
    cat "$T/man.err"
    check "man -l renders it without warnings (status $rc)" [ "$rc" -eq 0 -a ! -s "$T/man.err" ]
    check "man -l: NAME line" grep -qE "ferry +- send files and folders" "$T/man.txt"
fi
check "man page: .TH names version $VERSION" grep -q "^\.TH FERRY 1 [0-9-]* \"Ferry $VERSION\"" "$T/ferry.1"
# Every long option any --help prints, and every command.
{
    "$FERRY" --help
    for c in send receive peers forget history doctor; do "$FERRY" "$c" --help; done
} >"$T/help.txt" 2>&1
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$T/help.txt" | sort -u); do
    check "man page documents $opt" grep -qF -- "$(sed 's/-/\\-/g' <<<"$opt")" "$T/ferry.1"
done
for c in send receive peers forget history doctor; do
    check "man page documents ferry $c" grep -q "^\.B ferry $c" "$T/ferry.1"
done
# Every exit status `ferry --help` lists ("Exit status: 0 done ..., 2 usage, ...").
statuses=$("$FERRY" --help | sed -n '/^Exit status:/,$p' | grep -oE '(^|[:,] )[0-9]+ ' | grep -oE '[0-9]+' | sort -un)
check "--help lists exit statuses 0 to 12 at least" [ "$(wc -l <<<"$statuses")" -ge 13 ]
for st in $statuses; do
    check "man page documents exit status $st" grep -qx "\.B $st" "$T/ferry.1"
done
for s in FILES ENVIRONMENT EXAMPLES "EXIT STATUS"; do
    check "man page has $s" grep -q "^\.SH \"\?$s\"\?$" "$T/ferry.1"
done

# 6. The copyright file: machine-readable, Ferry's and DejaVu's licenses.
cp="$x/usr/share/doc/ferry/copyright"
check "copyright: DEP-5 format line" grep -qx "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" "$cp"
check "copyright: Ferry under Zlib" grep -qx "License: Zlib" "$cp"
check "copyright: the DejaVu fonts' license" grep -qx "License: bitstream-vera" "$cp"
finish
