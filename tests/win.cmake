# The Windows cross build's tests (label "win"), run under wine by ctest
# (the toolchain file sets CMAKE_CROSSCOMPILING_EMULATOR): every unit test
# built as .exe, the platform seam against real Windows APIs, and, given
# FERRY_LINUX (the Linux ferry, .ci/test passes it), interop scripts that
# run ferry.exe and the Linux ferry against each other on 127.0.0.1.
# They share one wine prefix in the build folder, made by the first test.
if(WIN32)
  set(FERRY_LINUX "" CACHE FILEPATH "The Linux ferry that the Windows interop tests talk to")
  set(_fy_wine_env "WINEPREFIX=${CMAKE_BINARY_DIR}/wineprefix;WINEDEBUG=-all;WINEDLLOVERRIDES=mscoree,mshtml=")

  add_test(NAME win.prefix COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/win/prefix.sh)
  set_tests_properties(win.prefix PROPERTIES FIXTURES_SETUP wine TIMEOUT 300 LABELS win
    ENVIRONMENT "${_fy_wine_env}")

  # The platform seam on Windows: UTF-8 names, long paths, 5 GiB files,
  # folders, interfaces, socket errors (tests/win/fy_win_harness.c).
  add_executable(test_win_platform ${CMAKE_CURRENT_SOURCE_DIR}/win/fy_win_harness.c)
  target_link_libraries(test_win_platform PRIVATE ferry_platform ferry_core)
  add_test(NAME unit.test_win_platform COMMAND test_win_platform "Ünï✓")
  set_tests_properties(unit.test_win_platform PROPERTIES TIMEOUT 300 LABELS unit)

  # The static SQLite from cmake/ferry-win-deps.sh, found as the history
  # module finds it (CMake's FindSQLite3, the SQLite::SQLite3 target): WAL,
  # FTS5 with the trigram tokenizer, the promised compile options.
  find_package(SQLite3 REQUIRED)
  add_executable(test_win_sqlite ${CMAKE_CURRENT_SOURCE_DIR}/win/fy_win_sqlite.c)
  target_link_libraries(test_win_sqlite PRIVATE SQLite::SQLite3)
  add_test(NAME unit.test_win_sqlite COMMAND test_win_sqlite)
  set_tests_properties(unit.test_win_sqlite PROPERTIES TIMEOUT 300 LABELS unit)

  get_property(_fy_tests DIRECTORY PROPERTY TESTS)
  foreach(t ${_fy_tests})
    if(NOT t STREQUAL "win.prefix")
      set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT "${_fy_wine_env}")
      set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED wine)
    endif()
  endforeach()

  # Issue 19: ferry.exe, one download, at most 4 MiB (cmake/FerryWindows.cmake
  # and cmake/ferry-win-deps.sh say what keeps it there).
  add_test(NAME win.exe_size COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:ferry> -DMAX=4194304
           -P ${CMAKE_CURRENT_SOURCE_DIR}/win/exe_size.cmake)
  set_tests_properties(win.exe_size PROPERTIES TIMEOUT 60 LABELS win)

  if(FERRY_LINUX)
    file(GLOB _fy_win_scripts CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/win/t_*.sh)
    foreach(script ${_fy_win_scripts})
      get_filename_component(name ${script} NAME_WE)
      add_test(NAME win.${name} COMMAND bash ${script})
      set_tests_properties(win.${name} PROPERTIES TIMEOUT 900 LABELS win FIXTURES_REQUIRED wine
        ENVIRONMENT "FERRY=${FERRY_LINUX};FERRY_EXE=$<TARGET_FILE:ferry>;FERRY_TESTS=${CMAKE_CURRENT_SOURCE_DIR};FERRY_UI_SHOTS=${CMAKE_BINARY_DIR}/ui-screenshots;${_fy_wine_env}")
    endforeach()
  endif()
endif()
