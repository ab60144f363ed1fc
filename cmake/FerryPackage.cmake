# FerryPackage.cmake: what `cmake --install` puts where on Linux, and the
# CPack settings for the two Linux artifacts `.ci/package` makes:
# ferry_<version>_amd64.deb and ferry-<version>-linux-x86_64.tar.gz.
#
# Reproducible: cpack reads SOURCE_DATE_EPOCH (set by .ci/package from the
# commit) for every member's time, the man page and changelog are gzipped
# with -n (no name, no time), and the binary carries no build path
# (-ffile-prefix-map in CMakeLists.txt).
include(GNUInstallDirs)
set(_fy_pkg "${CMAKE_SOURCE_DIR}/packaging")
set(_fy_id "io.github.ferry.Ferry")

# Man page and changelog, gzipped as Debian policy wants (-9n).
find_program(FERRY_GZIP gzip REQUIRED)
set(_fy_gz_dir "${CMAKE_BINARY_DIR}/pkg")
function(_fy_gzip in out)
  add_custom_command(OUTPUT "${_fy_gz_dir}/${out}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${_fy_gz_dir}"
    COMMAND sh -c "\"$0\" -9 -n -c \"$1\" > \"$2\"" "${FERRY_GZIP}" "${in}" "${_fy_gz_dir}/${out}"
    DEPENDS "${in}" VERBATIM)
endfunction()
_fy_gzip("${CMAKE_SOURCE_DIR}/docs/ferry.1" ferry.1.gz)
# changelog.gz, not changelog.Debian.gz: the version has no Debian revision
# (ferry_0.1.0, not 0.1.0-1), so this is a native package for dpkg and lintian.
_fy_gzip("${_fy_pkg}/changelog" changelog.gz)
set(_fy_gz_files "${_fy_gz_dir}/ferry.1.gz" "${_fy_gz_dir}/changelog.gz")
add_custom_target(ferry_pkg_files ALL DEPENDS ${_fy_gz_files})

install(TARGETS ferry RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES "${_fy_pkg}/${_fy_id}.desktop" DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES "${_fy_pkg}/${_fy_id}.metainfo.xml" DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
foreach(size 16 32 48 64 128 256)
  install(FILES "${_fy_pkg}/icons/hicolor/ferry-${size}.png"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME ${_fy_id}.png)
endforeach()
install(FILES "${_fy_pkg}/icons/ferry.svg" DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${_fy_id}.svg)
install(FILES "${_fy_gz_dir}/ferry.1.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES "${_fy_pkg}/completion/ferry" DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES "${_fy_pkg}/copyright" "${_fy_gz_dir}/changelog.gz" "${CMAKE_SOURCE_DIR}/README.md"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/ferry)

set(CPACK_PACKAGE_NAME ferry)
set(CPACK_PACKAGE_VENDOR "The Ferry authors")
set(CPACK_PACKAGE_CONTACT "The Ferry authors <ferry@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "send files to your other machines on the local network, verified")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/ferry/ferry")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE.txt")
set(CPACK_PACKAGE_FILE_NAME "ferry-${PROJECT_VERSION}-linux-x86_64")
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_GENERATOR "DEB;TGZ")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # ferry_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)    # Depends from dpkg-shlibdeps, not typed by hand
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# (cpack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY on the first line itself.)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"Ferry moves files and folders between your own machines on the local
network, Linux and Windows alike: no USB stick, no cloud upload, no shared
folder to set up. Every file is checked with a 128-bit checksum on arrival,
an interrupted transfer resumes where it stopped, and the receiver asks
before anything is written; no name a sender chooses can write outside the
receive folder. Transfers are encrypted, with a pairing code to compare the
first time two machines meet.
.
One program: with no arguments it opens a window, with a command (ferry
send, ferry receive, ferry peers) it is a terminal tool for scripts and
servers.")
include(CPack)
