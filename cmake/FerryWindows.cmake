# FerryWindows.cmake: what makes ferry.exe a Windows program: one file that
# imports only system DLLs (everything static, libgcc and winpthreads
# included), the GUI subsystem so a double-click opens no console window
# (fy_platform_win32.c attaches to the parent console when run from cmd or
# PowerShell with a command), and a resource with the icon, the version and
# the application manifest.
enable_language(RC)

set(FERRY_ICON "${CMAKE_SOURCE_DIR}/assets/ferry.ico")
set(FERRY_MANIFEST "${CMAKE_BINARY_DIR}/ferry.manifest")
string(REPLACE "." "," FERRY_VERSION_COMMAS "${PROJECT_VERSION},0")
set(FERRY_VERSION_4 "${PROJECT_VERSION}.0")
configure_file(src/platform/win/ferry.manifest "${FERRY_MANIFEST}" @ONLY)
configure_file(src/platform/win/ferry.rc.in "${CMAKE_BINARY_DIR}/ferry.rc" @ONLY)

target_sources(ferry PRIVATE "${CMAKE_BINARY_DIR}/ferry.rc")
target_link_options(ferry PRIVATE -mwindows -static -static-libgcc)

# Size (issue 19: ferry.exe at most 4 MiB, tests/win.cmake's win.exe_size).
# Ferry's code, like its libraries (cmake/ferry-win-deps.sh), has each
# function in its own section, and the link drops every section nothing
# reaches (--gc-sections); a release build is stripped of its symbol table
# (-s: 5.4 MB -> 4.1 MB). Debug and RelWithDebInfo builds keep their symbols.
# Not -fdata-sections: mingw's gcc then puts zero-filled statics in .data
# (bytes in the file) instead of .bss; Ferry's buffers made that +98 KB.
foreach(_fy_t ferry ferry_core ferry_net ferry_platform ferry_ui)
  if(TARGET ${_fy_t})
    target_compile_options(${_fy_t} PRIVATE -ffunction-sections)
  endif()
endforeach()
target_link_options(ferry PRIVATE -Wl,--gc-sections
  $<$<OR:$<CONFIG:Release>,$<CONFIG:MinSizeRel>>:-s>)
