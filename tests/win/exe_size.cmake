# cmake -DEXE=ferry.exe -DMAX=bytes -P exe_size.cmake: fails when EXE is
# larger than MAX bytes (tests/win.cmake: win.exe_size).
if(NOT EXISTS "${EXE}")
  message(FATAL_ERROR "no ${EXE}")
endif()
file(SIZE "${EXE}" size)
math(EXPR kib "${size} / 1024")
message(STATUS "${EXE}: ${size} bytes (${kib} KiB), at most ${MAX}")
if(size GREATER MAX)
  message(FATAL_ERROR "${EXE} is ${size} bytes, more than ${MAX}: see what grew "
    "(x86_64-w64-mingw32-gcc ... -Wl,-Map) before raising the limit")
endif()
