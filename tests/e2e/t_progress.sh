#!/usr/bin/env bash
# On a terminal (made with script(1)) the sender shows one progress line
# with percent, bytes, speed and ETA, redrawn in place; piped, it shows none.
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src"
head -c $((6 * 1000 * 1000)) /dev/urandom >"$src/six.bin"
start_receiver "$dst" --yes || exit 1

script -qfec "$FERRY send $RISK --to 127.0.0.1:$RPORT --limit 2M '$src/six.bin'" /dev/null >"$T/tty.out" 2>&1
check "send on a terminal exits 0" grep -q "all verified" "$T/tty.out"
check "progress line has percent, sizes, speed and ETA" \
    grep -aqE '[0-9]+%  [0-9.]+ (KB|MB) / 6\.00 MB  [0-9.]+ (bytes|KB|MB)/s  ETA [0-9]+:[0-9]{2}  six\.bin' "$T/tty.out"
check "line is redrawn in place (carriage return + erase)" grep -aq $'\r\e\[K' "$T/tty.out"
check "file identical" cmp -s "$src/six.bin" "$dst/six.bin"

send --to "127.0.0.1:$RPORT" "$src/six.bin"
check "piped: no progress line" [ -z "$(grep -a 'ETA' "$SLOG")" ]
finish
