# FerryAssets.cmake: compiles assets/ into the ferry_ui library as C arrays,
# so the executable stays one file (no font or icon to ship beside it).
#
# Two modes in one file:
#  - included from CMakeLists.txt: adds a build step per asset that runs
#    this file in script mode, and adds the generated sources to ferry_ui;
#  - script mode (cmake -DIN=... -DOUT=... -DSYM=... -P FerryAssets.cmake):
#    writes OUT, a C file defining `const unsigned char SYM[]` and
#    `const size_t SYM_len`. Done in CMake itself: no xxd on Windows.

if(CMAKE_SCRIPT_MODE_FILE)
  file(READ "${IN}" hex HEX)
  string(LENGTH "${hex}" nhex)
  math(EXPR nbytes "${nhex} / 2")
  # 16 bytes a line keeps the generated file readable and the compiler fast.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
  # (CMake regexes have no {n}: the group is spelled out 16 times.)
  string(REPEAT "0x..," 16 _line)
  string(REGEX REPLACE "(${_line})" "\\1\n" body "${body}")
  file(WRITE "${OUT}"
    "/* Generated from ${NAME} by cmake/FerryAssets.cmake. Do not edit. */\n"
    "#include <stddef.h>\n"
    "const unsigned char ${SYM}[] = {\n${body}\n0x00};\n"
    "const size_t ${SYM}_len = ${nbytes};\n")
  return()
endif()

set(_fy_assets
  "DejaVuSans.ttf\;fy_asset_font"
  "DejaVuSans-Bold.ttf\;fy_asset_font_bold"
  "ferry-64.bmp\;fy_asset_icon_bmp")
set(_fy_asset_dir "${CMAKE_CURRENT_BINARY_DIR}/assets")
file(MAKE_DIRECTORY "${_fy_asset_dir}")
foreach(entry ${_fy_assets})
  list(GET entry 0 name)
  list(GET entry 1 sym)
  set(in "${CMAKE_CURRENT_SOURCE_DIR}/assets/${name}")
  set(out "${_fy_asset_dir}/${sym}.c")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${in} -DOUT=${out} -DSYM=${sym} -DNAME=${name}
            -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/FerryAssets.cmake"
    DEPENDS "${in}" "${CMAKE_CURRENT_SOURCE_DIR}/cmake/FerryAssets.cmake"
    COMMENT "Embedding assets/${name}" VERBATIM)
  target_sources(ferry_ui PRIVATE "${out}")
endforeach()
target_compile_definitions(ferry_ui PUBLIC FERRY_HAVE_ASSETS=1)
