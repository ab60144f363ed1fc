#!/usr/bin/env bash
# Virus scanning on Windows (ferry.exe under wine receiving from the Linux
# ferry): with no Defender (wine has none) every transfer says "not
# scanned: no virus scanner found"; a scan_command naming a missing .exe
# keeps the file and says so; a fake scanner (.bat) that reports a virus
# sends the file to the quarantine, and the Linux sender is told (exit 13).
# Last, the Mark of the Web: what wine does with the Zone.Identifier
# stream is printed (wine keeps no NTFS streams on a Unix folder, README).
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib_win.sh"

src="$T/src"; mkdir -p "$src"
printf 'clean text\n' >"$src/clean.txt"
printf 'pretend virus\n' >"$src/bad.txt"
wsettings() { printf '%s\r\n' "$@" >"$FERRY_CONFIG_DIR/settings.txt"; }
# recv_one NAME FILE: ferry.exe receives FILE once into a fresh folder.
recv_one() {
    rm -rf "$T/win-in"; mkdir -p "$T/win-in"
    start_wreceiver "$T/win-in" --once --yes || exit 1
    send --to "127.0.0.1:$WPORT" "$2"
    wait_exit "$WPID" 120; WRS=$?
    echo "# $1: sender $SRC, receiver $WRS"
    tr -d '\r' <"$WRLOG" >"$WRLOG.txt"; WRLOG=$WRLOG.txt # wine's console ends lines with CRLF
}

# 1. No scanner at all.
wsettings "scan_timeout=60"
recv_one "no scanner" "$src/clean.txt"
check "no scanner: both exit 0" [ "$SRC" -eq 0 ] && [ "$WRS" -eq 0 ]
check "no scanner: file kept" cmp -s "$src/clean.txt" "$T/win-in/clean.txt"
check "no scanner: said once" [ "$(grep -c "^ferry: not scanned: no virus scanner found (install or turn on Microsoft Defender, or set scan_command in " "$WRLOG")" -eq 1 ]

# 2. scan_command names an .exe that is not there.
wsettings 'scan_command="C:\no\such\scanner.exe" /scan {}'
recv_one "missing exe" "$src/clean.txt"
check "missing exe: both exit 0" [ "$SRC" -eq 0 ] && [ "$WRS" -eq 0 ]
check "missing exe: file kept" cmp -s "$src/clean.txt" "$T/win-in/clean.txt"
check "missing exe: said" grep -qxF 'ferry: not scanned: clean.txt: the scanner "C:\no\such\scanner.exe" was not found' "$WRLOG"

# 3. A fake scanner, a batch file, that finds a virus in every file.
printf '@echo off\r\necho %%~nx1: Fake.Test.Virus FOUND\r\nexit /b 1\r\n' >"$T/fake scan.bat"
wsettings "scan_command=\"Z:$(echo "$T" | tr / '\\')\\fake scan.bat\" {}"
recv_one "fake .bat" "$src/bad.txt"
check "fake .bat: sender exits 13" [ "$SRC" -eq 13 ]
check "fake .bat: sender told" grep -qxF "ferry: rejected by the receiver's virus scanner: bad.txt (Fake.Test.Virus)" "$SLOG"
check "fake .bat: ferry.exe exits 13" [ "$WRS" -eq 13 ]
check "fake .bat: ferry.exe says infected" grep -q "^ferry: infected: bad.txt (Fake.Test.Virus): moved to the quarantine folder: " "$WRLOG"
check "fake .bat: not in the receive folder" [ -z "$(ls -A "$T/win-in")" ]
q=$(ls "$FERRY_CONFIG_DIR/quarantine/"*-bad.txt.quarantined 2>/dev/null | head -1)
check "fake .bat: in the quarantine, byte-identical" cmp -s "$src/bad.txt" "$q"
check "fake .bat: with its note" grep -q "^verdict: infected: Fake.Test.Virus" "$q.txt"
[ "$SRC" -eq 13 ] || cat "$SLOG" "$WRLOG" >&2

# 4. The Mark of the Web on a received file.
wsettings "scan=off"
recv_one "mark of the web" "$src/clean.txt"
check "motw: file arrived" cmp -s "$src/clean.txt" "$T/win-in/clean.txt"
check "motw: no stray file named like the stream" [ "$(ls -A "$T/win-in")" = clean.txt ]
wine cmd.exe /c "more < Z:$(echo "$T" | tr / '\\')\\win-in\\clean.txt:Zone.Identifier" >"$T/motw.txt" 2>&1
echo "# wine reading clean.txt:Zone.Identifier back: $(tr -d '\r' <"$T/motw.txt" | head -3 | tr '\n' '|')"
finish
