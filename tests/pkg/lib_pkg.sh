# lib_pkg.sh: shared by the artifact tests (tests/pkg.cmake): the e2e
# helpers, and where the artifacts are.
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
: "${FERRY_DIST:?FERRY_DIST must name the folder .ci/package filled}"
: "${FERRY_SRC:?FERRY_SRC must name the source folder}"
VERSION=$(sed -n 's/^project(ferry VERSION \([0-9.]*\).*/\1/p' "$FERRY_SRC/CMakeLists.txt")
DEB="$FERRY_DIST/ferry_${VERSION}_amd64.deb"
TGZ="$FERRY_DIST/ferry-${VERSION}-linux-x86_64.tar.gz"
ZIP="$FERRY_DIST/ferry-${VERSION}-windows-x64.zip"
APP_ID=io.github.ferry.Ferry
[ -f "$DEB" ] || { echo "no $DEB: run 'bash .ci/package' first" >&2; exit 1; }

# need TOOL PACKAGE: a tool from .ci/packages-pkg.txt is missing = failure.
need() {
    command -v "$1" >/dev/null && return 0
    fail "$1 is missing (apt-get install $2, or bash .ci/setup --test)"
    finish
}
