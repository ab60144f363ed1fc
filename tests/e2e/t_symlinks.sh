#!/usr/bin/env bash
# A symlink named on the command line is followed; links inside folders are
# skipped with a warning (no loops, nothing outside what was chosen); the
# receiver never creates links.
. "$(dirname "$0")/lib.sh"

src="$T/src"; dst="$T/dst"
mkdir -p "$src/tree/sub" "$T/elsewhere"
echo real >"$src/tree/real.txt"
echo outside >"$T/elsewhere/secret.txt"
ln -s "$T/elsewhere/secret.txt" "$src/tree/link-out.txt"
ln -s .. "$src/tree/sub/loop"
echo target >"$src/target.txt"
ln -s "$src/target.txt" "$src/named-link.txt"

start_receiver "$dst" --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/tree" "$src/named-link.txt"
check "send exits 0" [ "$SRC" -eq 0 ]
check "warning for the link to a file" grep -qx "ferry: warning: skipped symbolic link: $src/tree/link-out.txt" "$SLOG"
check "warning for the looping link" grep -qx "ferry: warning: skipped symbolic link: $src/tree/sub/loop" "$SLOG"
check "regular file arrived" cmp -s "$src/tree/real.txt" "$dst/tree/real.txt"
check "linked file not sent" [ ! -e "$dst/tree/link-out.txt" ]
check "loop not sent" [ ! -e "$dst/tree/sub/loop" ]
check "link named on the command line was followed" cmp -s "$src/target.txt" "$dst/named-link.txt"
check "receiver created no links" [ -z "$(find "$dst" -type l)" ]
finish
