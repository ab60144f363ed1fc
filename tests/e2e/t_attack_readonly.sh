#!/usr/bin/env bash
# A receive folder that cannot be written: a read-only mount. The receiver
# must find that out before it accepts anything, not after the sender has
# been told "accepted" and starts streaming.
# What must hold: the sender exits 8 and is told "cannot write to" and
# "read-only"; the receiver (--yes --once) exits non-zero saying "cannot
# write to"; it never printed "Accepted" (nor a "Receiving" line) first.
# Needs root to mount (tests run as root in CI); fails, not skips, without.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_attack.sh"

dst="$T/dst"; mkdir -p "$dst" "$T/src"
echo "hello" >"$T/src/hello.txt"
MOUNTED=
ro_cleanup() {
    # The processes first (they may have files open there), then the mount,
    # then lib.sh's cleanup removes $T.
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    [ -n "$MOUNTED" ] && { umount "$dst" 2>/dev/null || umount -l "$dst"; }
    cleanup
}
trap ro_cleanup EXIT

if ! out=$(mount -t tmpfs -o ro,size=1m tmpfs "$dst" 2>&1); then
    fail "cannot mount a read-only tmpfs on $dst (this test needs root): $out"
    finish
fi
MOUNTED=1
check "the receive folder is read-only (touch fails)" sh -c "! touch '$dst/probe' 2>/dev/null"

start_receiver "$dst" --yes --once || { fail "receiver did not start: $(cat "$RLOG")"; finish; }
send --to "127.0.0.1:$RPORT" "$T/src/hello.txt"
echo "# sender said: $(grep '^ferry:' "$SLOG")"
check "sender exits 8 (got $SRC)" [ "$SRC" -eq 8 ]
check "sender is told 'cannot write to'" grep -qF "cannot write to" "$SLOG"
check "sender is told 'read-only'" grep -qF "read-only" "$SLOG"
wait_exit "$RPID" 30; rs=$?
echo "# receiver said: $(grep '^ferry:' "$RLOG")"
check "receiver exits non-zero (got $rs)" [ "$rs" -ne 0 -a "$rs" -ne 124 ]
check "receiver says 'cannot write to'" grep -qF "cannot write to" "$RLOG"
check "receiver never said Accepted" sh -c "! grep -qF 'Accepted' '$RLOG'"
check "receiver never said Receiving" sh -c "! grep -qF 'Receiving' '$RLOG'"
check "nothing in the receive folder" [ -z "$(find "$dst" -mindepth 1)" ]
finish
