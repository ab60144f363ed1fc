# The release artifacts' tests (label "pkg"; the Debian root, slower, is
# "debroot"): what `bash .ci/package` puts in dist/ checked the way a
# distribution and a user would (tests/pkg/*.sh). pkg.make runs .ci/package
# first (it reuses build/ and, when built, build-win/; without a ferry.exe
# there, no zip and the zip tests are skipped). .ci/test runs .ci/package
# itself after the Windows build and then these tests without pkg.make.
# Not in the sanitizer builds: packages are made from the plain build.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT CMAKE_CROSSCOMPILING AND NOT FERRY_SANITIZE AND NOT FERRY_TSAN)
  set(_fy_src "${CMAKE_SOURCE_DIR}")
  set(FERRY_PKG_DIST "${_fy_src}/dist" CACHE PATH "Where .ci/package puts the artifacts the pkg tests check")
  set(FERRY_PKG_WIN_BUILD "${_fy_src}/build-win" CACHE PATH "The Windows build whose ferry.exe the zip holds")
  set(_fy_pkg_env "FERRY=$<TARGET_FILE:ferry>;FERRY_TESTS=${CMAKE_CURRENT_SOURCE_DIR};FERRY_SRC=${_fy_src};FERRY_DIST=${FERRY_PKG_DIST};FERRY_BUILD=${CMAKE_BINARY_DIR};FERRY_WIN_BUILD=${FERRY_PKG_WIN_BUILD}")

  add_test(NAME pkg.make COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/pkg/make.sh)
  set_tests_properties(pkg.make PROPERTIES FIXTURES_SETUP pkg TIMEOUT 1800 LABELS "pkg;debroot"
    ENVIRONMENT "${_fy_pkg_env}")

  foreach(name t_lint t_completion t_repro t_zip)
    add_test(NAME pkg.${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/pkg/${name}.sh)
    set_tests_properties(pkg.${name} PROPERTIES FIXTURES_REQUIRED pkg TIMEOUT 900 LABELS pkg
      SKIP_RETURN_CODE 77 ENVIRONMENT "${_fy_pkg_env}")
  endforeach()
  # Both use build/ and the shared folders: not at the same time.
  set_tests_properties(pkg.t_repro PROPERTIES RUN_SERIAL ON)

  # The zip's ferry.exe under wine: the exe test (imports, subsystem,
  # resources, --version, exit codes) run on the unzipped file.
  add_test(NAME pkg.win_exe COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/pkg/win_exe.sh)
  set_tests_properties(pkg.win_exe PROPERTIES FIXTURES_REQUIRED pkg TIMEOUT 600 LABELS pkg
    SKIP_RETURN_CODE 77 ENVIRONMENT "${_fy_pkg_env}")

  # A fresh Debian 12 root (debootstrap, cached in build/pkg-debroot/):
  # the .deb installs, works and goes away. Own label: the first run
  # downloads and unpacks a minimal Debian (see tests/pkg/t_debroot.sh).
  add_test(NAME pkg.t_debroot COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/pkg/t_debroot.sh)
  set_tests_properties(pkg.t_debroot PROPERTIES FIXTURES_REQUIRED pkg TIMEOUT 1800 LABELS debroot
    RUN_SERIAL ON ENVIRONMENT "${_fy_pkg_env}")
endif()
