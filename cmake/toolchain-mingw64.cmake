# cmake/toolchain-mingw64.cmake: cross build of Ferry for 64-bit Windows with
# Debian's mingw-w64 (win32 thread model), linked fully static so ferry.exe
# imports nothing but Windows' own DLLs.
#
#   .ci/fetch-win-sources            # once, as root: the source tarballs
#   cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw64.cmake
#   cmake --build build-win -j2
#   ctest --test-dir build-win       # the .exe tests run under wine
#
# The first configure builds the libraries (SDL2, SDL2_net, freetype,
# SDL2_ttf, libsodium, SQLite, xxhash.h) with cmake/ferry-win-deps.sh into
# FERRY_WIN_DEPS_PREFIX (default <build dir>/deps) from the tarballs in
# FERRY_DEPS_DIR (default /var/cache/ferry-deps); a stamp file holding the
# script's hash makes later configures skip that (about a second). A changed
# script, or a deleted prefix, builds them again. Several build folders can
# share one prefix: -DFERRY_WIN_DEPS_PREFIX=... or that environment variable.
#
# CMake reads a toolchain file several times (each language's checks, each
# try_compile project): everything below is safe to repeat, and the
# libraries are built only once, from the main project.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(FERRY_MINGW_HOST x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${FERRY_MINGW_HOST}-gcc)
set(CMAKE_CXX_COMPILER ${FERRY_MINGW_HOST}-g++)
set(CMAKE_RC_COMPILER ${FERRY_MINGW_HOST}-windres)

# ctest (and add_test with an executable target) runs the .exe under wine.
set(CMAKE_CROSSCOMPILING_EMULATOR wine)

# No libgcc_s_seh-1.dll, libwinpthread-1.dll or libssp-0.dll beside ferry.exe.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static-libgcc")

# Where the libraries go. In the main project CMAKE_BINARY_DIR is the build
# folder; a try_compile project has its own, so the main project's value is
# handed down to those (CMAKE_TRY_COMPILE_PLATFORM_VARIABLES).
if(NOT FERRY_WIN_DEPS_PREFIX)
  if(DEFINED ENV{FERRY_WIN_DEPS_PREFIX} AND NOT "$ENV{FERRY_WIN_DEPS_PREFIX}" STREQUAL "")
    set(_ferry_prefix "$ENV{FERRY_WIN_DEPS_PREFIX}")
  else()
    set(_ferry_prefix "${CMAKE_BINARY_DIR}/deps")
  endif()
  set(FERRY_WIN_DEPS_PREFIX "${_ferry_prefix}" CACHE PATH
    "Static Windows builds of Ferry's libraries (made by cmake/ferry-win-deps.sh)")
endif()
if(NOT FERRY_DEPS_DIR)
  if(DEFINED ENV{FERRY_DEPS_DIR} AND NOT "$ENV{FERRY_DEPS_DIR}" STREQUAL "")
    set(_ferry_src "$ENV{FERRY_DEPS_DIR}")
  else()
    set(_ferry_src /var/cache/ferry-deps)
  endif()
  set(FERRY_DEPS_DIR "${_ferry_src}" CACHE PATH
    "Source tarballs for the Windows libraries (put there by .ci/fetch-win-sources)")
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FERRY_WIN_DEPS_PREFIX FERRY_DEPS_DIR)
list(REMOVE_DUPLICATES CMAKE_TRY_COMPILE_PLATFORM_VARIABLES)

# Build the libraries unless the stamp says this script already did.
get_property(_ferry_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)
get_property(_ferry_deps_checked GLOBAL PROPERTY FERRY_WIN_DEPS_CHECKED)
if(NOT _ferry_in_try_compile AND NOT _ferry_deps_checked)
  set_property(GLOBAL PROPERTY FERRY_WIN_DEPS_CHECKED TRUE)
  set(_ferry_script "${CMAKE_CURRENT_LIST_DIR}/ferry-win-deps.sh")
  set(_ferry_stamp "${FERRY_WIN_DEPS_PREFIX}/.ferry-deps-stamp")
  file(SHA256 "${_ferry_script}" _ferry_script_hash)
  set(_ferry_stamp_hash "")
  if(EXISTS "${_ferry_stamp}")
    file(STRINGS "${_ferry_stamp}" _ferry_stamp_hash LIMIT_COUNT 1)
  endif()
  if(NOT _ferry_stamp_hash STREQUAL _ferry_script_hash)
    message(STATUS "Ferry: building the Windows libraries into ${FERRY_WIN_DEPS_PREFIX} (once; a few minutes)")
    execute_process(
      COMMAND "${CMAKE_COMMAND}" -E env "FERRY_DEPS_DIR=${FERRY_DEPS_DIR}"
              bash "${_ferry_script}" "${FERRY_WIN_DEPS_PREFIX}"
      RESULT_VARIABLE _ferry_rc)
    if(NOT _ferry_rc EQUAL 0)
      message(FATAL_ERROR "Ferry: cmake/ferry-win-deps.sh failed (${_ferry_rc}). "
        "The source tarballs come from .ci/fetch-win-sources (run it as root), "
        "the tools from .ci/packages-windows.txt.")
    endif()
  endif()
endif()

# Find the libraries there and in the cross toolchain's own tree, never in
# the build machine's /usr. CMake's own find modules look there too:
# find_package(SQLite3) finds the prefix's include/sqlite3.h and
# lib/libsqlite3.a (SQLite::SQLite3), as it finds libsqlite3-dev on Linux.
set(CMAKE_FIND_ROOT_PATH "${FERRY_WIN_DEPS_PREFIX}" /usr/${FERRY_MINGW_HOST})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# cmake/FerryDeps.cmake asks pkg-config: only the prefix's .pc files, and no
# sysroot prefixed to their paths (they hold absolute ones).
set(ENV{PKG_CONFIG_LIBDIR} "${FERRY_WIN_DEPS_PREFIX}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
