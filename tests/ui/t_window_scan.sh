#!/usr/bin/env bash
# The window receives an EICAR file and a clean one with a real clamscan
# and a database made here: the transfer row says "Virus found" in red with
# the scanner's words (screenshot scan-infected.bmp and .txt), the clean file lands,
# EICAR does not, and the CLI sender is told (exit 13).
. "$(dirname "$0")/lib_ui.sh"
command -v clamscan >/dev/null && command -v sigtool >/dev/null ||
    { fail "clamscan and sigtool are missing (apt-get install clamav)"; finish; }

src="$T/src"; dst="$T/inbox"
mkdir -p "$src" "$dst"
half1='X5O!P%@AP[4\PZX54(P^)7CC)7}$'
half2='EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf '%s%s' "$half1" "$half2" >"$src/eicar.com"
head -c 100000 /dev/urandom >"$src/photo.jpg"
(cd "$src" && sigtool --md5 eicar.com | sed 's/:eicar.com$/:Ferry-Test-EICAR/' >"$T/test.hdb")

cat >"$T/script.txt" <<'SCRIPT'
wait listening 10
wait offer 30
click Accept
wait failed 60
shot scan-infected
quit
SCRIPT
UI_SCAN=on start_window "$T/script.txt" "$dst" || exit 1
# Read by the engine at each transfer: set before the offer comes.
echo "scan_command=clamscan --no-summary -d \"$T/test.hdb\" {}" >>"$XDG_CONFIG_HOME/ferry/settings.txt"
send --to "127.0.0.1:$WPORT" "$src/photo.jpg" "$src/eicar.com"
check "ferry send exits 13 (status $SRC)" [ "$SRC" -eq 13 ]
check "the sender is told" grep -qxF \
    "ferry: rejected by the receiver's virus scanner: eicar.com (Ferry-Test-EICAR.UNOFFICIAL)" "$SLOG"
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "clean file identical" cmp -s "$src/photo.jpg" "$dst/photo.jpg"
check "eicar not in the receive folder" [ ! -e "$dst/eicar.com" ] && [ ! -e "$dst/eicar.com.part" ]
check "eicar in the quarantine" cmp -s "$src/eicar.com" "$(ls "$XDG_CONFIG_HOME"/ferry/quarantine/*eicar.com.quarantined)"
check "screenshot taken" [ -s "$SHOTS/scan-infected.bmp" ]
check "the row says Virus found" grep -qxF "Virus found" "$SHOTS/scan-infected.txt"
check "and how many" grep -qxF "1 of 2 files quarantined, the rest arrived" "$SHOTS/scan-infected.txt"
check "with the scanner's words" grep -qxF "eicar.com: Ferry-Test-EICAR.UNOFFICIAL" "$SHOTS/scan-infected.txt"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$SLOG" >&2
finish
