#!/usr/bin/env bash
# cmake/ferry-win-deps.sh PREFIX: cross builds Ferry's libraries for Windows
# (x86_64-w64-mingw32) as static libraries into PREFIX, with pkg-config files
# fit for static linking:
#   SDL2, SDL2_net, freetype, SDL2_ttf (no harfbuzz), libsodium, and xxhash.h
#   (Ferry uses xxHash header-only).
# The sources are the upstream tarballs that Debian's source packages carry
# (*.orig.tar.*), read from FERRY_DEPS_DIR (default /var/cache/ferry-deps);
# .ci/fetch-win-sources puts them there. Nothing is downloaded here.
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

# The stamp's first line is this script's hash (the toolchain file checks
# only that line), then the tarballs it was built from.
key="$(sha256sum "$self" | cut -d' ' -f1)
$(for t in "$t_sdl2" "$t_net" "$t_ttf" "$t_ft" "$t_sodium" "$t_xxh"; do basename "$t"; done)"
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

for tool in "$host-gcc" "$host-ar" "$host-windres" cmake make pkg-config autoreconf libtoolize tar flock; do
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

cmake_build() {  # cmake_build NAME SRCDIR CMAKE-ARGS...
    local name="$1" srcd="$2"; shift 2
    local b="$work/build-$name"
    step "$name: configure" cmake -S "$srcd" -B "$b" -G "$generator" \
        -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
        -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF "$@"
    step "$name: build" cmake --build "$b" -j "$jobs"
    step "$name: install" cmake --install "$b"
}

autotools_build() {  # autotools_build NAME SRCDIR CONFIGURE-ARGS...
    local name="$1" srcd="$2"; shift 2
    if [ ! -x "$srcd/configure" ]; then
        # Offline: autogen must not fetch config.guess/config.sub.
        step "$name: autogen" env -C "$srcd" DO_NOT_UPDATE_CONFIG_SCRIPTS=1 ./autogen.sh
    fi
    step "$name: configure" env -C "$srcd" ./configure --host="$host" --prefix="$prefix" \
        --libdir="$prefix/lib" --disable-shared --enable-static \
        --disable-dependency-tracking CFLAGS="-O2" "$@"
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
    # Ferry uses video, render, events, clipboard, threads, timers and atomics;
    # the subsystems it has no use for are left out (a faster build, a smaller
    # exe). Turn one back on here when Ferry starts to use it.
    cmake_build SDL2 "$work/src/SDL2" \
        -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
        -DSDL2_DISABLE_SDL2MAIN=ON -DSDL2_DISABLE_UNINSTALL=ON \
        -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF -DSDL_HIDAPI=OFF \
        -DSDL_SENSOR=OFF -DSDL_POWER=OFF
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
    autotools_build SDL2_net "$work/src/SDL2_net" --disable-examples --disable-sdltest
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
    cmake_build freetype "$work/src/freetype" \
        -DFT_DISABLE_ZLIB=ON -DFT_DISABLE_BZIP2=ON -DFT_DISABLE_PNG=ON \
        -DFT_DISABLE_HARFBUZZ=ON -DFT_DISABLE_BROTLI=ON
    [ -f "$prefix/lib/pkgconfig/freetype2.pc" ] || die "freetype installed no freetype2.pc"
}

# --- SDL2_ttf ---------------------------------------------------------------
build_sdl2_ttf() {
    unpack "$t_ttf" "$work/src/SDL2_ttf"
    cmake_build SDL2_ttf "$work/src/SDL2_ttf" \
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
    # winpthreads.
    autotools_build libsodium "$work/src/libsodium" --disable-ssp --without-pthreads
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

# --- the builds -------------------------------------------------------------
# SDL2 and SDL2_net, and beside them freetype, libsodium and xxhash.h; then
# SDL2_ttf, which needs SDL2 and freetype.
( log="$work/sdl2.log"; build_sdl2; build_sdl2_net ) &
chain1=$!
( log="$work/others.log"; build_freetype; build_sodium; build_xxhash ) &
chain2=$!
failed=0
wait "$chain1" || failed=1
wait "$chain2" || failed=1
[ "$failed" -eq 0 ] || die "a build failed (see above); nothing was installed for good"
build_sdl2_ttf

# --- check and stamp --------------------------------------------------------
for lib in libSDL2.a libSDL2_net.a libfreetype.a libSDL2_ttf.a libsodium.a; do
    [ -f "$prefix/lib/$lib" ] || die "missing $prefix/lib/$lib"
done
if compgen -G "$prefix/bin/*.dll" >/dev/null || compgen -G "$prefix/lib/*.dll.a" >/dev/null; then
    die "a shared library was built: $(ls "$prefix"/bin/*.dll "$prefix"/lib/*.dll.a 2>/dev/null)"
fi
step "pkg-config check" pkg-config --exists --print-errors sdl2 SDL2_net SDL2_ttf freetype2 libsodium

cat "$work/sdl2.log" "$work/others.log" "$work/main.log" >"$prefix/ferry-deps-build.log"
rm -rf "$work"
printf '%s\n' "$key" >"$stamp"
say "done in $((SECONDS - started)) s: $prefix"
