#!/usr/bin/env bash
# The command line: help, version, exact usage errors and exit codes.
. "$(dirname "$0")/lib.sh"

out=$("$FERRY" --help); rc=$?
check "--help exits 0" [ "$rc" -eq 0 ]
check "--help lists send" grep -q "ferry send --to NAME|HOST\[:PORT\] PATH" <<<"$out"
ver=$("$FERRY" --version); rc=$?
check "--version exits 0" [ "$rc" -eq 0 ]
check "--version first line" [ "$(head -1 <<<"$ver")" = "ferry 0.1.0 (protocol 1 to 2)" ]
# The second line names the commit built from (cmake/FerryVersion.cmake,
# at build time) and whether the tree had changes.
head=$(git -C "$FERRY_TESTS" rev-parse --short=12 HEAD 2>/dev/null)
if [ -n "$head" ]; then
    check "--version names the commit built ($head): $(sed -n 2p <<<"$ver")" \
        grep -qxE "commit $head, (clean tree|with uncommitted changes)" <<<"$(sed -n 2p <<<"$ver")"
fi
mkdir -p "$T/nogit"
cmake -DSRC="$T/nogit" -DOUT="$T/nogit/fy_version.h" -P "$FERRY_TESTS/../cmake/FerryVersion.cmake"
check "built outside git: \"unknown commit\"" grep -qF '#define FERRY_BUILD_INFO "unknown commit"' "$T/nogit/fy_version.h"
check "send --help" grep -q "^Usage: ferry send" <<<"$("$FERRY" send $RISK --help)"
check "receive --help" grep -q "^Usage: ferry receive" <<<"$("$FERRY" receive $RISK $NODISCO --help)"

err=$("$FERRY" frobnicate 2>&1); rc=$?
check "unknown command exits 2" [ "$rc" -eq 2 ]
check "unknown command message" [ "$(head -1 <<<"$err")" = "ferry: unknown command 'frobnicate'" ]
err=$("$FERRY" send $RISK --bogus x 2>&1); rc=$?
check "unknown option exits 2" [ "$rc" -eq 2 ]
check "unknown option message" [ "$(head -1 <<<"$err")" = "ferry send: unknown option '--bogus'" ]
err=$("$FERRY" send $RISK x 2>&1); rc=$?
check "missing --to exits 2" [ "$rc" -eq 2 ]
check "missing --to message" [ "$(head -1 <<<"$err")" = "ferry send: missing --to HOST: where should the files go?" ]
err=$("$FERRY" receive $RISK $NODISCO --port 99999 2>&1); rc=$?
check "bad port exits 2" [ "$rc" -eq 2 ]
check "bad port message" [ "$(head -1 <<<"$err")" = "ferry receive: invalid port '99999' (use 1-65535)" ]

err=$("$FERRY" send $RISK --to 127.0.0.1:9 "$T/does-not-exist" 2>&1); rc=$?
check "missing file exits 8" [ "$rc" -eq 8 ]
check "missing file message" [ "$err" = "ferry: no such file or folder: $T/does-not-exist" ]

echo x >"$T/x.txt"
port=$(( (RANDOM % 20000) + 30000 ))
err=$("$FERRY" send $RISK --to "127.0.0.1:$port" "$T/x.txt" 2>&1); rc=$?
check "nobody listening exits 3" [ "$rc" -eq 3 ]
check "connect error names host and port" grep -q "^ferry: cannot connect to 127.0.0.1 port $port: " <<<"$err"

start_receiver "$T/dst" --yes || exit 1
err=$("$FERRY" receive $RISK $NODISCO --port "$RPORT" --dir "$T/d2" 2>&1); rc=$?
check "taken port exits 3" [ "$rc" -eq 3 ]
check "taken port message" grep -q "^ferry: cannot listen on port $RPORT (is another Ferry running? try --port)" <<<"$err"

# Piped output: no progress line, no escape codes.
send --to "127.0.0.1:$RPORT" "$T/x.txt"
check "piped send has no escape codes" [ -z "$(grep -P '\x1b' "$SLOG")" ]
send --to "127.0.0.1:$RPORT" --quiet "$T/x.txt"
check "--quiet prints nothing on success" [ ! -s "$SLOG" ]
finish
