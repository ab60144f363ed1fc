# The window's tests (label "ui"): its model and layout headless, then the
# real window under Xvfb driven by FERRY_UI_SCRIPT (tests/ui/*.sh).
if(TARGET ferry_ui)
  set(_fy_ui_tmp "${CMAKE_BINARY_DIR}/ui-tests")
  file(MAKE_DIRECTORY "${_fy_ui_tmp}")
  add_executable(test_ui_model ${CMAKE_CURRENT_SOURCE_DIR}/ui/test_ui_model.c ${CMAKE_CURRENT_SOURCE_DIR}/unit/fy_test.c)
  target_include_directories(test_ui_model PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_link_libraries(test_ui_model PRIVATE ferry_ui)
  target_compile_definitions(test_ui_model PRIVATE SDL_MAIN_HANDLED)
  add_test(NAME ui.model COMMAND test_ui_model)
  add_executable(test_ui_list ${CMAKE_CURRENT_SOURCE_DIR}/ui/test_ui_list.c ${CMAKE_CURRENT_SOURCE_DIR}/unit/fy_test.c)
  target_include_directories(test_ui_list PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_link_libraries(test_ui_list PRIVATE ferry_ui)
  target_compile_definitions(test_ui_list PRIVATE SDL_MAIN_HANDLED)
  add_test(NAME ui.list COMMAND test_ui_list)
  set_tests_properties(ui.list PROPERTIES TIMEOUT 60 LABELS ui ENVIRONMENT "SDL_VIDEODRIVER=dummy")
  set_tests_properties(ui.model PROPERTIES TIMEOUT 60 LABELS ui
    ENVIRONMENT "SDL_VIDEODRIVER=dummy;FERRY_TEST_TMP=${_fy_ui_tmp};XDG_CONFIG_HOME=${_fy_ui_tmp}/config")

  # Names in every script: system fonts for what DejaVu lacks (fy_ui_fonts.c).
  add_executable(test_ui_fonts ${CMAKE_CURRENT_SOURCE_DIR}/ui/test_ui_fonts.c ${CMAKE_CURRENT_SOURCE_DIR}/unit/fy_test.c)
  target_include_directories(test_ui_fonts PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/unit)
  target_link_libraries(test_ui_fonts PRIVATE ferry_ui)
  target_compile_definitions(test_ui_fonts PRIVATE SDL_MAIN_HANDLED)
  add_test(NAME ui.fonts COMMAND test_ui_fonts)
  set_tests_properties(ui.fonts PROPERTIES TIMEOUT 60 LABELS ui SKIP_RETURN_CODE 77)
  if(WIN32)
    add_test(NAME ui.fonts_setup COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/win/cjk_font.sh)
    set_tests_properties(ui.fonts_setup PROPERTIES FIXTURES_SETUP cjkfont LABELS ui TIMEOUT 60)
    set_tests_properties(ui.fonts PROPERTIES FIXTURES_REQUIRED cjkfont)
  endif()

  if(NOT CMAKE_CROSSCOMPILING AND NOT WIN32)
    # An Xdnd drag source for t_window_drag.sh (libX11 comes with
    # libsdl2-dev): drags over the real window as a file manager does.
    find_package(X11 REQUIRED)
    add_executable(fy_xdnd_source ${CMAKE_CURRENT_SOURCE_DIR}/ui/fy_xdnd_source.c)
    target_include_directories(fy_xdnd_source PRIVATE ${X11_INCLUDE_DIR})
    target_link_libraries(fy_xdnd_source PRIVATE ${X11_X11_LIB})
    file(GLOB _fy_ui_scripts CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/ui/t_*.sh)
    foreach(script ${_fy_ui_scripts})
      get_filename_component(name ${script} NAME_WE)
      add_test(NAME ui.${name} COMMAND bash ${script})
      set_tests_properties(ui.${name} PROPERTIES TIMEOUT 400 LABELS ui SKIP_RETURN_CODE 77
        ENVIRONMENT "FERRY=$<TARGET_FILE:ferry>;FERRY_BUILD=${CMAKE_BINARY_DIR};FERRY_TESTS=${CMAKE_CURRENT_SOURCE_DIR};FERRY_UI_SHOTS=${CMAKE_BINARY_DIR}/ui-screenshots;FERRY_SANITIZED=${FERRY_TEST_SANITIZED};FERRY_XDND_SOURCE=$<TARGET_FILE:fy_xdnd_source>")
    endforeach()
    # t_window_live times the window while 3 GB stream in; the history's
    # 100,000-file tests keep a core busy for a minute and stretched its
    # 2 s of steps to 5-6 s when they ran beside it.
    foreach(t ui.t_window_live ui.t_window_history)
      if(TEST ${t})
        set_tests_properties(${t} PROPERTIES RESOURCE_LOCK cpu_timing)
      endif()
    endforeach()
  endif()
endif()
