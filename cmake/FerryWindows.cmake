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
