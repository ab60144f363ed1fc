# FerryFuzz.cmake: the libFuzzer targets (tests/fuzz/fuzz_*.c), included by
# tests/fuzz.cmake only when FERRY_FUZZ is ON.
#
# The core and the platform seam are compiled once more into
# ferry_fuzz_core, with -fsanitize=fuzzer-no-link,address,undefined: the
# fuzzer sees their branches, ASan their memory, UBSan their arithmetic.
# A copy rather than flags on ferry_core itself, so the rest of this build
# folder (ferry, the unit tests) stays an ordinary build. Each target is
# linked with -fsanitize=fuzzer,address,undefined, and each is also a ctest
# test (label "fuzz") that runs its committed corpus once, without fuzzing,
# so an input that once crashed fails fast.
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "FERRY_FUZZ needs clang (libFuzzer): configure a fresh build folder with "
                      "-DCMAKE_C_COMPILER=clang")
endif()

# UBSan findings must stop the run (by default UBSan prints and goes on,
# and the fuzzer would never report them).
set(FERRY_FUZZ_SAN address,undefined)
# clang knows no gnu_printf (fy_result.h): said once per file otherwise.
set(FERRY_FUZZ_CFLAGS -fsanitize=${FERRY_FUZZ_SAN} -fno-sanitize-recover=all -fno-omit-frame-pointer -g
                      -Wno-ignored-attributes)

# The same sources as ferry_core and ferry_platform (one library: the two
# call each other).
set(_fy_fuzz_src "")
foreach(lib ferry_core ferry_platform)
  get_target_property(_srcs ${lib} SOURCES)
  get_target_property(_dir ${lib} SOURCE_DIR)
  foreach(s ${_srcs})
    if(NOT IS_ABSOLUTE "${s}")
      set(s "${_dir}/${s}")
    endif()
    list(APPEND _fy_fuzz_src "${s}")
  endforeach()
endforeach()
add_library(ferry_fuzz_core STATIC ${_fy_fuzz_src})
target_include_directories(ferry_fuzz_core PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_compile_options(ferry_fuzz_core PRIVATE -fsanitize=fuzzer-no-link ${FERRY_FUZZ_CFLAGS})
target_link_libraries(ferry_fuzz_core PUBLIC ferry::sodium ferry::xxhash ${CMAKE_DL_LIBS} Threads::Threads)
# The platform files' own header paths (libdbus's, for the notifications
# seam: headers only, the library is loaded at run time).
target_include_directories(ferry_fuzz_core PRIVATE ${FERRY_DBUS_INCLUDE_DIRS})

set(_fy_fuzz_dir ${CMAKE_CURRENT_LIST_DIR})
set(_fy_fuzz_out ${CMAKE_BINARY_DIR}/fuzz-artifacts) # where a failing corpus run leaves its input
file(MAKE_DIRECTORY ${_fy_fuzz_out})
add_custom_target(fuzz_targets)

# ferry_fuzz_target(NAME [EXTRA_SOURCES...]): tests/fuzz/NAME.c as a fuzzer.
function(ferry_fuzz_target name)
  add_executable(${name} ${_fy_fuzz_dir}/${name}.c ${ARGN})
  target_include_directories(${name} PRIVATE ${_fy_fuzz_dir})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer ${FERRY_FUZZ_CFLAGS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,${FERRY_FUZZ_SAN})
  target_link_libraries(${name} PRIVATE ferry_fuzz_core)
  add_dependencies(fuzz_targets ${name})
  # -runs=0: every file of the corpus is run once, then the target exits
  # (non-zero on a crash, a leak or a failed check). Nothing is written.
  add_test(NAME fuzz.${name} COMMAND ${name} -runs=0 -timeout=20 -artifact_prefix=${_fy_fuzz_out}/${name}-
                                     ${_fy_fuzz_dir}/corpus/${name})
  set_tests_properties(fuzz.${name} PROPERTIES TIMEOUT 120 LABELS fuzz ENVIRONMENT "TMPDIR=${_fy_fuzz_out}")
endfunction()

ferry_fuzz_target(fuzz_wire ${PROJECT_SOURCE_DIR}/src/net/fy_channel.c) # frames and every decoder
ferry_fuzz_target(fuzz_recv)      # the receiver machine, on a real folder
ferry_fuzz_target(fuzz_manifest)  # manifest entries and name mapping
ferry_fuzz_target(fuzz_resume)    # the resume journal's lines
ferry_fuzz_target(fuzz_noise)     # Noise XX handshake and transport messages
ferry_fuzz_target(fuzz_secure ${PROJECT_SOURCE_DIR}/src/net/fy_secure.c ${PROJECT_SOURCE_DIR}/src/net/fy_channel.c)
target_link_libraries(fuzz_secure PRIVATE ferry::sdl2) # fy_secure's pipeline (unused here) is SDL threads
ferry_fuzz_target(fuzz_disco)     # discovery datagrams and the peer table
ferry_fuzz_target(fuzz_config)    # settings.txt, peers.txt, identity.key
ferry_fuzz_target(fuzz_doctor)    # the doctor's readers of nft and iptables-save rules
ferry_fuzz_target(fuzz_text)      # a received text: UTF-8, escaping for display, preview, the text sink

# Writes the seed corpora (tests/fuzz/gen_seeds.c): run by hand after a
# change to the wire format, `fuzz_gen_seeds tests/fuzz/corpus`.
add_executable(fuzz_gen_seeds ${_fy_fuzz_dir}/gen_seeds.c)
target_compile_options(fuzz_gen_seeds PRIVATE ${FERRY_FUZZ_CFLAGS})
target_link_options(fuzz_gen_seeds PRIVATE -fsanitize=${FERRY_FUZZ_SAN})
target_link_libraries(fuzz_gen_seeds PRIVATE ferry_fuzz_core)
