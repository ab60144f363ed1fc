#!/usr/bin/env bash
# Virus scanning of received files with a real clamscan (Debian's clamav,
# .ci/packages-scan.txt) and a signature database made here: no freshclam,
# no downloads. An EICAR file ends in the quarantine folder and both sides
# say so (exit 13); a clean file in the same transfer lands byte-identical;
# a resend is scanned and quarantined again (a quarantined file is not
# "already there"). Then scanners that hang, crash, or are missing: the file
# is kept and the receiver says "not scanned" and why. Last, 200 files with
# a scanner that takes ~20 ms each, timed (printed, not asserted).
. "$(dirname "$0")/lib.sh"

command -v clamscan >/dev/null && command -v sigtool >/dev/null ||
    { fail "clamscan and sigtool are missing (apt-get install clamav)"; finish; }
CONF="$XDG_CONFIG_HOME/ferry"
Q="$CONF/quarantine"
settings() { printf '%s\n' "$@" >"$CONF/settings.txt"; }
lacks() { ! grep -qi "$@"; }

# EICAR, built from two halves so this script is no EICAR file itself.
half1='X5O!P%@AP[4\PZX54(P^)7CC)7}$'
half2='EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
src="$T/src"; dst="$T/dst"
mkdir -p "$src/box" "$dst"
printf '%s%s' "$half1" "$half2" >"$src/box/eicar.com"
chmod +x "$src/box/eicar.com" # sent executable; quarantined never so
head -c 300000 /dev/urandom >"$src/box/clean.bin"
(cd "$T" && cp "$src/box/eicar.com" eicar.com && sigtool --md5 eicar.com | sed 's/:eicar.com$/:Ferry-Test-EICAR/' >"$T/test.hdb")
check "test database made" grep -q ':68:Ferry-Test-EICAR$' "$T/test.hdb"
SIG="Ferry-Test-EICAR.UNOFFICIAL"

# 1. The scanner found on PATH, with this test's database.
export FERRY_CLAMSCAN_DB="$T/test.hdb"
settings "scan_timeout=60"
start_receiver "$dst" --once --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/box"
wait_exit "$RPID" 60; rs=$?
check "sender exits 13" [ "$SRC" -eq 13 ]
check "sender names the rejected file" \
    grep -qxF "ferry: rejected by the receiver's virus scanner: box/eicar.com ($SIG)" "$SLOG"
check "receiver --once exits 13" [ "$rs" -eq 13 ]
qfile=$(sed -n "s|^ferry: infected: box/eicar.com ($SIG): moved to the quarantine folder: ||p" "$RLOG")
check "receiver says infected, with the scanner's words and where" [ -n "$qfile" ]
check "receiver's result line" grep -qxF \
    "ferry: transfer from $(hostname): 1 of 2 files rejected by the virus scanner and moved to the quarantine folder $Q" "$RLOG"
check "the clean file landed byte-identical" cmp -s "$src/box/clean.bin" "$dst/box/clean.bin"
check "eicar.com is not in the receive folder, under any name" [ -z "$(find "$dst" -name 'eicar*')" ]
check "quarantined copy is the file" cmp -s "$src/box/eicar.com" "$qfile"
check "quarantined copy is 0600, not executable" [ "$(stat -c %a "$qfile")" = 600 ]
check "quarantine folder is 0700" [ "$(stat -c %a "$Q")" = 700 ]
check "a note beside it" grep -qxF "verdict: infected: $SIG" "$qfile.txt"
check "the note names the original" grep -qxF "sent as: box/eicar.com" "$qfile.txt"
check "no .part or journal left" no_leftovers "$dst"
"$FERRY" history --json --received >"$T/history.json" 2>&1
echo "# history: $(cat "$T/history.json")"
check "history: eicar recorded as infected, where it is in the quarantine" \
    grep -qF "\"path\":\"$qfile\"" "$T/history.json"
check "history: with the scanner's words" grep -qF '"scan":"infected","scan_words":"Ferry-Test-EICAR.UNOFFICIAL"' "$T/history.json"
check "history: the clean file as clean" grep -qF '"scan":"clean"' "$T/history.json"

# A quarantined file never counts as "already there": a transfer stopped
# after it was quarantined resumes, and sends and scans it again.
rm -rf "$dst" "$Q"; mkdir -p "$dst" "$src/r"
cp "$src/box/eicar.com" "$src/r/a-eicar.com"
head -c 3000000 /dev/urandom >"$src/r/z-big.bin"
start_receiver "$dst" --yes || exit 1
"$FERRY" send $RISK --limit 300K --to "127.0.0.1:$RPORT" "$src/r" >"$T/send1.log" 2>&1 &
spid=$!; PIDS+=("$spid")
for i in $(seq 1 200); do grep -q "^ferry: infected: r/a-eicar.com" "$RLOG" && break; sleep 0.05; done
check "resume: quarantined while the next file streams" grep -q "^ferry: infected: r/a-eicar.com ($SIG)" "$RLOG"
kill "$spid"; wait "$spid" 2>/dev/null
wait_recv_ends 1 30
check "resume: a .part of the big file is kept" [ -n "$(find "$dst" -name 'z-big.bin.part' -size +1k)" ]
send --to "127.0.0.1:$RPORT" "$src/r"
check "resume: the rerun exits 13" [ "$SRC" -eq 13 ]
check "resume: quarantined again" [ "$(grep -c "^ferry: infected: r/a-eicar.com ($SIG)" "$RLOG")" -eq 2 ]
check "resume: the big file landed" cmp -s "$src/r/z-big.bin" "$dst/r/z-big.bin"
check "resume: no eicar in the receive folder" [ -z "$(find "$dst" -name '*eicar*')" ]
check "resume: two quarantined files, two notes" [ "$(ls "$Q" | wc -l)" -eq 4 ]
kill "$RPID" 2>/dev/null
unset FERRY_CLAMSCAN_DB

# 2. scan_command with {} and a database given there: a clean transfer.
rm -rf "$dst"; mkdir -p "$dst"
settings "scan_command=clamscan --no-summary -d \"$T/test.hdb\" {}"
start_receiver "$dst" --once --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/box/clean.bin"
wait_exit "$RPID" 60; rs=$?
check "clean: both exit 0" [ "$SRC" -eq 0 ] && [ "$rs" -eq 0 ]
check "clean: landed" cmp -s "$src/box/clean.bin" "$dst/clean.bin"
check "clean: the receiver counts the scan" grep -qxF 'Virus scan: 1 file, all clean.' "$RLOG"
check "clean: nothing said about scanning on the sender" lacks "virus\|scanned" "$SLOG"

# 3. Scanners that fail: the file is kept, and the receiver says why.
# not_scanned NAME SETTINGS... EXPECTED-LINE
not_scanned() {
    local name=$1 want=$2; shift 2
    rm -rf "$dst"; mkdir -p "$dst"
    settings "$@"
    start_receiver "$dst" --once --yes || exit 1
    local t0=$SECONDS
    send --to "127.0.0.1:$RPORT" "$src/box/clean.bin"
    wait_exit "$RPID" 60; rs=$?
    echo "# $name: $((SECONDS - t0)) s"
    check "$name: both exit 0" [ "$SRC" -eq 0 ] && [ "$rs" -eq 0 ]
    check "$name: file kept" cmp -s "$src/box/clean.bin" "$dst/clean.bin"
    check "$name: says: $want" grep -qxF "$want" "$RLOG"
    [ "$name" = "no scanner" ] ||
        check "$name: counted" grep -qxF "Virus scan: 0 clean, 1 not scanned (see above)." "$RLOG"
}
printf '#!/bin/sh\necho "$$" >"%s/hang.pid"\nexec sleep 600\n' "$T" >"$T/hang.sh"
printf '#!/bin/sh\nkill -SEGV $$\n' >"$T/crash.sh"
chmod +x "$T/hang.sh" "$T/crash.sh"
not_scanned "hang" "ferry: not scanned: clean.bin: the scanner took longer than 2 s (scan_timeout)" \
    "scan_command=$T/hang.sh {}" "scan_timeout=2"
gone() { ! kill -0 "$1" 2>/dev/null; }
check "hang: the hung scanner was killed" gone "$(cat "$T/hang.pid")"
not_scanned "crash" "ferry: not scanned: clean.bin: the scanner crashed (signal 11)" "scan_command=$T/crash.sh {}"
not_scanned "missing" "ferry: not scanned: clean.bin: the scanner \"$T/no-such-scanner\" was not found" \
    "scan_command=$T/no-such-scanner --flag {}"
not_scanned "database missing (clamscan exit 2)" \
    "ferry: not scanned: clean.bin: the scanner failed (exit status 2): LibClamAV Error: cl_load(): No such file or directory: $T/no-db" \
    "scan_command=clamscan --no-summary -d $T/no-db {}"
# No scanner at all (PATH without clamav): said once for the transfer.
RECEIVER=(env PATH=/nonexistent "$FERRY")
not_scanned "no scanner" \
    "ferry: not scanned: no virus scanner found (install clamav, or set scan_command in $CONF/settings.txt; scan=off there turns scanning and this note off)" \
    "scan_timeout=5"
RECEIVER=()
# scan=off: nothing said, nothing scanned.
rm -rf "$dst"; mkdir -p "$dst"; settings "scan=off"
start_receiver "$dst" --once --yes || exit 1
send --to "127.0.0.1:$RPORT" "$src/box/eicar.com"
wait_exit "$RPID" 60; rs=$?
check "scan=off: eicar lands, both exit 0" [ "$SRC" -eq 0 ] && [ "$rs" -eq 0 ] && cmp -s "$src/box/eicar.com" "$dst/eicar.com"
check "scan=off: no word about scanning" lacks "virus\|scanned" "$RLOG"

# 4. 200 files, a scanner of ~20 ms each: scanned while the next streams.
many="$T/many"; mkdir -p "$many"
for i in $(seq 1 200); do head -c 200000 /dev/urandom >"$many/f$i"; done
printf '#!/bin/sh\nsleep 0.02\nexit 0\n' >"$T/slow.sh"; chmod +x "$T/slow.sh"
timed_send() { # timed_send SETTINGS...: sets MS
    rm -rf "$dst"; mkdir -p "$dst"; settings "$@"
    start_receiver "$dst" --once --yes || exit 1
    local t0; t0=$(date +%s%N)
    send --to "127.0.0.1:$RPORT" "$many"
    wait_exit "$RPID" 120; rs=$?
    MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
timed_send "scan=off"; off_ms=$MS
check "200 files, no scan: all landed" [ "$SRC" -eq 0 ] && [ "$(ls "$dst/many" | wc -l)" -eq 200 ]
timed_send "scan_command=$T/slow.sh {}"; on_ms=$MS
check "200 files, scanned: all landed, both exit 0" [ "$SRC" -eq 0 ] && [ "$rs" -eq 0 ] && [ "$(ls "$dst/many" | wc -l)" -eq 200 ]
check "200 files, scanned: the count" grep -qxF 'Virus scan: 200 files, all clean.' "$RLOG"
t0=$(date +%s%N); for i in $(seq 1 200); do "$T/slow.sh" x; done; alone_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "# 200 files of 200 KB: transfer alone ${off_ms} ms; with the 20 ms scanner ${on_ms} ms;" \
     "the scanner alone, 200 runs in a row, ${alone_ms} ms (one after the other would be $((off_ms + alone_ms)) ms)"
finish
