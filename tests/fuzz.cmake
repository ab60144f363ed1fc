# Fuzz targets (label "fuzz"): libFuzzer with AddressSanitizer and UBSan
# over everything that reads bytes from the network or from disk state.
# Off unless asked for: configure a build folder of its own with clang,
#   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DFERRY_FUZZ=ON
# (.ci/fuzz does that, builds, runs ctest -L fuzz and fuzzes each target).
option(FERRY_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(FERRY_FUZZ)
  include(${CMAKE_CURRENT_LIST_DIR}/fuzz/FerryFuzz.cmake)
endif()
