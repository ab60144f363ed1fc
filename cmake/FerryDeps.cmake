# FerryDeps.cmake: finds Ferry's libraries and exposes them as ferry::<name>
# imported targets, the same on Linux (Debian's -dev packages) and in the
# Windows cross build (static libraries under the deps prefix, found through
# PKG_CONFIG_LIBDIR set by the toolchain file).
find_package(PkgConfig REQUIRED)

if(WIN32)
  # Static everything: ferry.exe must import nothing but system DLLs.
  set(_ferry_static_args STATIC)
  set(PKG_CONFIG_USE_STATIC_LIBS ON)
endif()

pkg_check_modules(FERRY_SDL2 REQUIRED IMPORTED_TARGET sdl2)
pkg_check_modules(FERRY_SDL2_NET REQUIRED IMPORTED_TARGET SDL2_net)
pkg_check_modules(FERRY_SODIUM REQUIRED IMPORTED_TARGET libsodium)
if(FERRY_BUILD_UI)
  pkg_check_modules(FERRY_SDL2_TTF REQUIRED IMPORTED_TARGET SDL2_ttf)
endif()
if(NOT WIN32)
  set(THREADS_PREFER_PTHREAD_FLAG ON)
  find_package(Threads REQUIRED)
  # Headers only: libdbus is dlopen'ed (src/platform/fy_platform_posix_desk.c).
  pkg_check_modules(FERRY_DBUS REQUIRED dbus-1)
  if(FERRY_BUILD_UI)
    pkg_check_modules(FERRY_FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig)
  endif()
endif()

function(_ferry_alias name pkg)
  add_library(ferry::${name} INTERFACE IMPORTED GLOBAL)
  if(WIN32)
    target_include_directories(ferry::${name} INTERFACE ${${pkg}_STATIC_INCLUDE_DIRS})
    target_link_directories(ferry::${name} INTERFACE ${${pkg}_STATIC_LIBRARY_DIRS})
    target_link_libraries(ferry::${name} INTERFACE ${${pkg}_STATIC_LIBRARIES} ${${pkg}_STATIC_LDFLAGS_OTHER})
    target_compile_options(ferry::${name} INTERFACE ${${pkg}_STATIC_CFLAGS_OTHER})
  else()
    target_link_libraries(ferry::${name} INTERFACE PkgConfig::${pkg})
  endif()
endfunction()

_ferry_alias(sdl2 FERRY_SDL2)
_ferry_alias(sdl2_net FERRY_SDL2_NET)
_ferry_alias(sodium FERRY_SODIUM)
if(FERRY_BUILD_UI)
  _ferry_alias(sdl2_ttf FERRY_SDL2_TTF)
endif()
if(WIN32)
  # SDL_main is not used: main.c defines SDL_MAIN_HANDLED.
  target_compile_definitions(ferry::sodium INTERFACE SODIUM_STATIC)
endif()

# xxHash is used header-only (XXH_INLINE_ALL) so the hash loop inlines and the
# Windows build needs no library for it.
find_path(FERRY_XXHASH_INCLUDE xxhash.h REQUIRED)
add_library(ferry::xxhash INTERFACE IMPORTED GLOBAL)
target_include_directories(ferry::xxhash INTERFACE ${FERRY_XXHASH_INCLUDE})
