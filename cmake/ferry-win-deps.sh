#!/usr/bin/env bash
# cmake/ferry-win-deps.sh PREFIX: cross builds Ferry's libraries for Windows
# (x86_64-w64-mingw32) as static libraries into PREFIX, with pkg-config files
# fit for static linking:
#   SDL2, SDL2_net, freetype, SDL2_ttf (no harfbuzz), libsodium, SQLite, and
#   xxhash.h (Ferry uses xxHash header-only).
# The sources are the upstream tarballs that Debian's source packages carry
# (*.orig.tar.*), read from FERRY_DEPS_DIR (default /var/cache/ferry-deps);
# .ci/fetch-win-sources puts them there. Nothing is downloaded here. SQLite
# also gets Debian's patches (its *.debian.tar.*: security fixes), so the
# Windows build runs the same SQLite as Debian's libsqlite3.
#
# Built for a small ferry.exe (issue 19: at most 4 MB): every library with
# -ffunction-sections -fdata-sections (the final link's --gc-sections drops
# what Ferry never calls; their zero-filled data then lands in .data, a
# mingw quirk, but what is dropped outweighs that: .data 92 KB -> 20 KB); -Os where the code waits on people, not bytes
# (SDL2's video and events, freetype, SDL2_ttf, SQLite), -O2 where bytes
# flow (libsodium, SDL2_net); only the SDL2 subsystems and freetype modules
# Ferry uses. Sizes each step saved are in the comments below.
#
# cmake/toolchain-mingw64.cmake runs this at configure time. Run by hand it
# does the same; when PREFIX/.ferry-deps-stamp matches this script and the
# tarballs it does nothing.
#
# Environment: FERRY_DEPS_DIR (tarballs), FERRY_DEPS_JOBS (make -j, default 2).
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 PREFIX" >&2
    exit 2
fi
prefix="$(realpath -m "$1")"
src_dir="${FERRY_DEPS_DIR:-/var/cache/ferry-deps}"
jobs="${FERRY_DEPS_JOBS:-2}"
host=x86_64-w64-mingw32
self="$(readlink -f "$0")"
stamp="$prefix/.ferry-deps-stamp"

# A make or cmake --build that reconfigures Ferry must not hand its job
# server to the builds below.
unset MAKEFLAGS MFLAGS MAKELEVEL CFLAGS CXXFLAGS CPPFLAGS LDFLAGS
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR

say() { echo "ferry-win-deps: $*"; }
die() { echo "ferry-win-deps: $*" >&2; exit 1; }

# The newest tarball matching a glob in src_dir.
tarball() {
    local t
    t="$(cd "$src_dir" 2>/dev/null && ls -1 $1 2>/dev/null | sort -V | tail -n 1)" || true
    [ -n "$t" ] || die "no $1 in $src_dir: run .ci/fetch-win-sources (as root) first, or set FERRY_DEPS_DIR"
    echo "$src_dir/$t"
}
t_sdl2="$(tarball 'libsdl2_*.orig.tar.*')"
t_net="$(tarball 'libsdl2-net_*.orig.tar.*')"
t_ttf="$(tarball 'libsdl2-ttf_*.orig.tar.*')"
t_ft="$(tarball 'freetype_*.orig.tar.*')"
t_sodium="$(tarball 'libsodium_*.orig.tar.*')"
t_xxh="$(tarball 'xxhash_*.orig.tar.*')"
t_sqlite="$(tarball 'sqlite3_*.orig.tar.*')"
t_sqlite_deb="$(tarball 'sqlite3_*.debian.tar.*')"

# The stamp's first line is this script's hash (the toolchain file checks
# only that line), then the tarballs it was built from.
key="$(sha256sum "$self" | cut -d' ' -f1)
$(for t in "$t_sdl2" "$t_net" "$t_ttf" "$t_ft" "$t_sodium" "$t_xxh" "$t_sqlite" "$t_sqlite_deb"; do basename "$t"; done)"
up_to_date() { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; }
if up_to_date; then
    say "$prefix is up to date"
    exit 0
fi
# One build of a prefix at a time (two configures of one build folder, or
# two build folders sharing a prefix): the second waits, then finds it done.
mkdir -p "$(dirname "$prefix")"
exec 9>"$prefix.lock"
if ! flock -n 9; then
    say "waiting for another build of $prefix"
    flock 9
fi
if up_to_date; then
    say "$prefix is up to date"
    exit 0
fi

for tool in "$host-gcc" "$host-ar" "$host-windres" gcc tclsh patch cmake make pkg-config autoreconf libtoolize tar flock; do
    command -v "$tool" >/dev/null || die "$tool not found (see .ci/packages-windows.txt)"
done
# Ninja when there: CMake's configure checks (hundreds for SDL2) run about
# twice as fast with it as with make.
generator="Unix Makefiles"
command -v ninja >/dev/null && generator=Ninja

work="$prefix.build"
rm -rf "$prefix" "$work"
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig" "$work/src"
started=$SECONDS

# Two chains of builds run side by side (configure scripts use one core);
# each writes its own log, named by $log.
log="$work/main.log"
: >"$log"

# step NAME CMD...: runs CMD with its output in the log; on failure shows
# the log's tail and stops.
step() {
    local name="$1" t0=$SECONDS; shift
    echo "==== $name: $*" >>"$log"
    if ! "$@" >>"$log" 2>&1; then
        echo "ferry-win-deps: FAILED: $name; last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
    echo "==== $name: done in $((SECONDS - t0)) s" >>"$log"
    say "$name ($((SECONDS - t0)) s)"
}

unpack() {  # unpack TARBALL DIR
    mkdir -p "$2"
    tar -xf "$1" -C "$2" --strip-components=1
}

export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR=
export PKG_CONFIG=pkg-config

cat >"$work/toolchain.cmake" <<EOF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER $host-gcc)
set(CMAKE_CXX_COMPILER $host-g++)
set(CMAKE_RC_COMPILER $host-windres)
set(CMAKE_FIND_ROOT_PATH "$prefix" /usr/$host)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
EOF

# Compiler flags: each function and object in its own section, for the
# final link's --gc-sections; -Os (size) or -O2 (speed) chosen per library.
sections="-ffunction-sections -fdata-sections"
for_size="-Os $sections"
for_speed="-O2 $sections"

cmake_build() {  # cmake_build NAME SRCDIR CFLAGS CMAKE-ARGS...
    local name="$1" srcd="$2" cflags="$3"; shift 3
    local b="$work/build-$name"
    step "$name: configure" cmake -S "$srcd" -B "$b" -G "$generator" \
        -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="$cflags -DNDEBUG" \
        -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF "$@"
    step "$name: build" cmake --build "$b" -j "$jobs"
    step "$name: install" cmake --install "$b"
}

autotools_build() {  # autotools_build NAME SRCDIR CFLAGS CONFIGURE-ARGS...
    local name="$1" srcd="$2" cflags="$3"; shift 3
    if [ ! -x "$srcd/configure" ]; then
        # Offline: autogen must not fetch config.guess/config.sub.
        step "$name: autogen" env -C "$srcd" DO_NOT_UPDATE_CONFIG_SCRIPTS=1 ./autogen.sh
    fi
    step "$name: configure" env -C "$srcd" ./configure --host="$host" --prefix="$prefix" \
        --libdir="$prefix/lib" --disable-shared --enable-static \
        --disable-dependency-tracking CFLAGS="$cflags" "$@"
    step "$name: build" make -C "$srcd" -j "$jobs"
    step "$name: install" make -C "$srcd" install
}

# pc_set FILE FIELD VALUE: sets (or adds) a "Field: value" line.
pc_set() {
    local f="$1" field="$2" value="$3"
    if grep -q "^$field:" "$f"; then
        sed -i "s|^$field:.*|$field: $value|" "$f"
    else
        echo "$field: $value" >>"$f"
    fi
}
pc_get() { sed -n "s|^$2:[[:space:]]*||p" "$1"; }

# --- SDL2 -------------------------------------------------------------------
build_sdl2() {
    unpack "$t_sdl2" "$work/src/SDL2"
    # SDL's dynamic API routes every call through a table that names every
    # SDL function, so the linker could drop none of them; it exists to let
    # SDL_DYNAMIC_API=some.dll swap in another SDL at run time, which a
    # static ferry.exe does not want either (a variable that loads a DLL).
    # SDL refuses -DSDL_DYNAMIC_API=0 on the command line: its header is
    # edited instead.
    sed -i 's|^#define SDL_DYNAMIC_API 1$|#define SDL_DYNAMIC_API 0  /* Ferry: static, see ferry-win-deps.sh */|' \
        "$work/src/SDL2/src/dynapi/SDL_dynapi.h"
    grep -q 'SDL_DYNAMIC_API 0  /\* Ferry' "$work/src/SDL2/src/dynapi/SDL_dynapi.h" \
        || die "SDL2: could not turn off the dynamic API (SDL_dynapi.h changed?)"
    # Ferry uses video, render (the software renderer only: src/ui asks for
    # SDL_RENDERER_SOFTWARE), events, clipboard, threads, timers and atomics;
    # loadso is needed by the Windows video driver. Left out: audio,
    # joystick, haptic, HID, sensors, power, locale, misc (SDL_OpenURL),
    # filesystem (SDL_GetPrefPath), the GPU render back ends (Direct3D 9/11/12,
    # OpenGL, OpenGL ES, Vulkan) and the offscreen video driver; SDL_RENDER_DRIVER
    # can then only pick "software". Assertions are off as in any release.
    # No YUV textures (video frames) and no RLE-accelerated colour keys
    # either: Ferry draws boxes and ARGB text surfaces (-110 KB).
    # Turn one back on here when Ferry starts to use it. All this and -Os
    # took SDL2's share of ferry.exe from 1270 KB to 530 KB.
    cmake_build SDL2 "$work/src/SDL2" "$for_size -DSDL_HAVE_YUV=0 -DSDL_HAVE_RLE=0" \
        -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
        -DSDL2_DISABLE_SDL2MAIN=ON -DSDL2_DISABLE_UNINSTALL=ON \
        -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF -DSDL_HIDAPI=OFF \
        -DSDL_SENSOR=OFF -DSDL_POWER=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF \
        -DSDL_FILESYSTEM=OFF -DSDL_DIRECTX=OFF -DSDL_RENDER_D3D=OFF \
        -DSDL_OPENGL=OFF -DSDL_OPENGLES=OFF -DSDL_VULKAN=OFF -DSDL_OFFSCREEN=OFF \
        -DSDL_XINPUT=OFF -DSDL_WASAPI=OFF -DSDL_ASSERTIONS=disabled
    # SDL's CMake puts everything on Libs: for a static-only build, with
    # -mwindows (GUI subsystem: Ferry, a console program too, chooses that
    # itself). Keep -lSDL2 on Libs and move the system libraries to Libs.private.
    pc="$prefix/lib/pkgconfig/sdl2.pc"
    [ -f "$pc" ] || die "SDL2 installed no sdl2.pc"
    libs="$(pc_get "$pc" Libs)"
    priv=""
    for w in $libs; do
        case "$w" in
            '-L${libdir}'|-lSDL2|-mwindows|-lSDL2main) ;;
            *) case " $priv " in *" $w "*) ;; *) priv="${priv:+$priv }$w" ;; esac ;;
        esac
    done
    pc_set "$pc" Libs '-L${libdir} -lSDL2'
    pc_set "$pc" Libs.private "$priv"
}

# --- SDL2_net ---------------------------------------------------------------
build_sdl2_net() {
    unpack "$t_net" "$work/src/SDL2_net"
    # -O2: its send/receive wrappers carry every byte of a transfer.
    autotools_build SDL2_net "$work/src/SDL2_net" "$for_speed" --disable-examples --disable-sdltest
    pc="$prefix/lib/pkgconfig/SDL2_net.pc"
    [ -f "$pc" ] || die "SDL2_net installed no SDL2_net.pc"
    # Its template leaves commented-out Libs lines for the shared case behind.
    sed -i '/^#Libs/d' "$pc"
    pc_set "$pc" Libs '-L${libdir} -lSDL2_net'
    pc_set "$pc" Libs.private '-lws2_32 -liphlpapi'
}

# --- freetype (for SDL2_ttf; Debian's SDL2_ttf tarball has no external/) ----
build_freetype() {
    unpack "$t_ft" "$work/src/freetype"
    # Only the modules for the fonts Ferry draws with: its bundled DejaVu
    # TrueType fonts and the system fonts a fallback may load on Windows
    # (TrueType and .ttc collections through truetype + sfnt; OpenType/CFF
    # such as Noto CJK .otf through cff + psaux + pshinter + psnames). autofit
    # draws every glyph (Ferry asks SDL2_ttf for light hinting, which FreeType
    # gives TrueType fonts through autofit), smooth renders them anti-aliased.
    # Left out: Type 1, CID, Type 42, PFR, Windows FNT, PCF, BDF, the mono
    # rasterizer, SDF and SVG renderers; none of them is a font Windows uses
    # for text or a way Ferry draws. With -Os: 605 KB of ferry.exe -> 390 KB.
    cat >"$work/src/freetype/include/freetype/config/ftmodule.h" <<'FTMOD'
/* Written by Ferry's cmake/ferry-win-deps.sh: the modules Ferry uses. */
FT_USE_MODULE( FT_Module_Class, autofit_module_class )
FT_USE_MODULE( FT_Driver_ClassRec, tt_driver_class )
FT_USE_MODULE( FT_Driver_ClassRec, cff_driver_class )
FT_USE_MODULE( FT_Module_Class, psaux_module_class )
FT_USE_MODULE( FT_Module_Class, psnames_module_class )
FT_USE_MODULE( FT_Module_Class, pshinter_module_class )
FT_USE_MODULE( FT_Module_Class, sfnt_module_class )
FT_USE_MODULE( FT_Renderer_Class, ft_smooth_renderer_class )
/* EOF */
FTMOD
    # And no WOFF web fonts (sfnt's use of FreeType's zlib copy), no glyph
    # name table (only fonts without a cmap need it to find characters;
    # TrueType and OpenType fonts have one), no OpenType SVG glyphs (they
    # need a renderer FreeType does not have; colour glyphs come from COLR).
    # 390 KB -> 310 KB.
    local opt="$work/src/freetype/include/freetype/config/ftoption.h" o
    for o in FT_CONFIG_OPTION_USE_ZLIB FT_CONFIG_OPTION_ADOBE_GLYPH_LIST FT_CONFIG_OPTION_SVG; do
        grep -q "^#define $o\$" "$opt" || die "freetype: no '#define $o' in ftoption.h"
        sed -i "s|^#define $o\$|/* #define $o: off for Ferry */|" "$opt"
    done
    cmake_build freetype "$work/src/freetype" "$for_size" \
        -DFT_DISABLE_ZLIB=ON -DFT_DISABLE_BZIP2=ON -DFT_DISABLE_PNG=ON \
        -DFT_DISABLE_HARFBUZZ=ON -DFT_DISABLE_BROTLI=ON
    [ -f "$prefix/lib/pkgconfig/freetype2.pc" ] || die "freetype installed no freetype2.pc"
}

# --- SDL2_ttf ---------------------------------------------------------------
build_sdl2_ttf() {
    unpack "$t_ttf" "$work/src/SDL2_ttf"
    cmake_build SDL2_ttf "$work/src/SDL2_ttf" "$for_size" \
        -DSDL2TTF_VENDORED=OFF -DSDL2TTF_HARFBUZZ=OFF -DSDL2TTF_SAMPLES=OFF \
        -DSDL2TTF_INSTALL=ON
    # Its CMake writes SDL2_ttf.pc for shared builds only: write it from the
    # template it ships.
    ttf_version="$(sed -n 's/^project(SDL2_ttf.*VERSION[[:space:]]*\([0-9.]*\).*/\1/p' "$work/src/SDL2_ttf/CMakeLists.txt")"
    [ -n "$ttf_version" ] || ttf_version="$(basename "$t_ttf" | sed 's/^libsdl2-ttf_\([0-9.]*\).*/\1/')"
    sdl_req="$(sed -n 's/^set(SDL_REQUIRED_VERSION[[:space:]]*\([0-9.]*\).*/\1/p' "$work/src/SDL2_ttf/CMakeLists.txt")"
    sed -e "s|@prefix@|$prefix|" -e 's|@exec_prefix@|${prefix}|' \
        -e 's|@libdir@|${exec_prefix}/lib|' -e 's|@includedir@|${prefix}/include|' \
        -e "s|@VERSION@|$ttf_version|" -e "s|@SDL_VERSION@|${sdl_req:-2.0.10}|" \
        -e 's|@PC_REQUIRES@|freetype2|' -e 's|@PC_LIBS@||' \
        "$work/src/SDL2_ttf/SDL2_ttf.pc.in" >"$prefix/lib/pkgconfig/SDL2_ttf.pc"
}

# --- libsodium --------------------------------------------------------------
build_sodium() {
    unpack "$t_sodium" "$work/src/libsodium"
    # No -fstack-protector (it would need libssp) and Windows' own locks, not
    # winpthreads. -O2: its ciphers carry every byte of a transfer.
    autotools_build libsodium "$work/src/libsodium" "$for_speed" --disable-ssp --without-pthreads
    pc="$prefix/lib/pkgconfig/libsodium.pc"
    [ -f "$pc" ] || die "libsodium installed no libsodium.pc"
    # Without SODIUM_STATIC its header declares every function dllimport.
    pc_set "$pc" Cflags '-I${includedir} -DSODIUM_STATIC'
}

# --- xxHash: header only ----------------------------------------------------
build_xxhash() {
    unpack "$t_xxh" "$work/src/xxhash"
    cp "$work/src/xxhash/xxhash.h" "$work/src/xxhash/xxh3.h" "$prefix/include/"
}

# --- SQLite -----------------------------------------------------------------
# The orig tarball is SQLite's full source tree; its one-file amalgamation
# (sqlite3.c) is generated by its own tools (lemon, mkkeywordhash: built
# with the build machine's gcc) and tclsh. The amalgamation is the same for
# every platform, so that part runs natively, through the tree's own
# Makefile.linux-gcc (no configure run: seconds); only sqlite3.c is cross
# compiled, -Os: 700 KB of ferry.exe with FTS5. Ferry finds it with CMake's FindSQLite3 (lib/libsqlite3.a,
# include/sqlite3.h under the prefix), as it finds Debian's libsqlite3-dev.
sqlite_defines=(
    -DSQLITE_ENABLE_FTS5             # full-text search of the history
    -DSQLITE_THREADSAFE=1            # the window and the transfer threads
    -DSQLITE_OMIT_LOAD_EXTENSION     # no DLL is ever loaded into ferry.exe
    -DSQLITE_DEFAULT_FOREIGN_KEYS=1
    -DSQLITE_DQS=0                   # "x" is a column, never a string
)
sqlite_patch() {  # sqlite_patch SRCDIR: applies debian/patches/series in order
    local p
    while read -r p _; do
        case "$p" in ''|'#'*) continue ;; esac
        echo "patch $p"
        patch -d "$1" -p1 --batch --quiet -i "debian/patches/$p" || return 1
    done <"$1/debian/patches/series"
}
build_sqlite() {
    local srcd="$work/src/sqlite" b="$work/build-sqlite"
    unpack "$t_sqlite" "$srcd"
    tar -xf "$t_sqlite_deb" -C "$srcd"
    step "SQLite: Debian's patches" sqlite_patch "$srcd"
    mkdir -p "$b"
    step "SQLite: amalgamation" make -C "$b" -f "$srcd/Makefile.linux-gcc" TOP="$srcd" \
        TCLSH_CMD=tclsh sqlite3.c
    step "SQLite: build" "$host-gcc" $for_size -DNDEBUG "${sqlite_defines[@]}" \
        -c "$b/sqlite3.c" -o "$b/sqlite3.o"
    step "SQLite: install" "$host-ar" rcs "$prefix/lib/libsqlite3.a" "$b/sqlite3.o"
    cp "$b/sqlite3.h" "$b/sqlite3ext.h" "$prefix/include/"
    local version
    version="$(sed -n 's/^#define SQLITE_VERSION[[:space:]]*"\([0-9.]*\)".*/\1/p' "$b/sqlite3.h")"
    [ -n "$version" ] || die "SQLite: no SQLITE_VERSION in sqlite3.h"
    cat >"$prefix/lib/pkgconfig/sqlite3.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: SQLite
Description: SQL database engine, static, with FTS5
Version: $version
Libs: -L\${libdir} -lsqlite3
Cflags: -I\${includedir}
EOF
}

# --- the builds -------------------------------------------------------------
# SDL2 and SDL2_net, and beside them freetype, libsodium, xxhash.h and
# SQLite; then
# SDL2_ttf, which needs SDL2 and freetype.
( log="$work/sdl2.log"; build_sdl2; build_sdl2_net ) &
chain1=$!
( log="$work/others.log"; build_freetype; build_sodium; build_xxhash; build_sqlite ) &
chain2=$!
failed=0
wait "$chain1" || failed=1
wait "$chain2" || failed=1
[ "$failed" -eq 0 ] || die "a build failed (see above); nothing was installed for good"
build_sdl2_ttf

# --- check and stamp --------------------------------------------------------
for lib in libSDL2.a libSDL2_net.a libfreetype.a libSDL2_ttf.a libsodium.a libsqlite3.a; do
    [ -f "$prefix/lib/$lib" ] || die "missing $prefix/lib/$lib"
done
if compgen -G "$prefix/bin/*.dll" >/dev/null || compgen -G "$prefix/lib/*.dll.a" >/dev/null; then
    die "a shared library was built: $(ls "$prefix"/bin/*.dll "$prefix"/lib/*.dll.a 2>/dev/null)"
fi
step "pkg-config check" pkg-config --exists --print-errors sdl2 SDL2_net SDL2_ttf freetype2 libsodium sqlite3

cat "$work/sdl2.log" "$work/others.log" "$work/main.log" >"$prefix/ferry-deps-build.log"
rm -rf "$work"
printf '%s\n' "$key" >"$stamp"
say "done in $((SECONDS - started)) s: $prefix"
