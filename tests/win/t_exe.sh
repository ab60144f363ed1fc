#!/usr/bin/env bash
# ferry.exe as a file: one executable that imports only Windows' own DLLs
# (nothing to ship beside it), GUI subsystem (no console window when
# double-clicked), the manifest and version resource inside, a few MB; and
# as a command: run with arguments it prints to the console it was started
# from and returns its exit status.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib_win.sh"
OBJDUMP=${OBJDUMP:-x86_64-w64-mingw32-objdump}

"$OBJDUMP" -p "$FERRY_EXE" >"$T/pe.txt"
sed -n 's/^[[:space:]]*DLL Name: //p' "$T/pe.txt" | tr 'A-Z' 'a-z' | sort -u >"$T/dlls.txt"
echo "imports: $(tr '\n' ' ' <"$T/dlls.txt")"
# Windows' own DLLs (what SDL2, Winsock, the shell and the C runtime use).
system='^(kernel32|user32|gdi32|ws2_32|iphlpapi|shell32|ole32|oleaut32|advapi32|msvcrt|imm32|winmm|version|setupapi|shlwapi|cfgmgr32|comdlg32|uuid|bcrypt|crypt32|dinput8|dxgi|d3d9|d3d11|hid|rpcrt4|uxtheme|dwmapi|opengl32|api-ms-win-[a-z0-9-]+)\.dll$'
check "imports something" [ -s "$T/dlls.txt" ]
check "imports only Windows system DLLs" [ -z "$(grep -Ev "$system" "$T/dlls.txt")" ]
grep -Ev "$system" "$T/dlls.txt" >&2
check "no SDL, sodium, freetype, libgcc or winpthread DLL" [ -z "$(grep -Ei 'sdl|sodium|freetype|gcc|pthread|png|zlib' "$T/dlls.txt")" ]
check "GUI subsystem (no console window on double-click)" grep -q "Subsystem.*(Windows GUI)" "$T/pe.txt"
check "the manifest is inside (per-monitor DPI aware)" grep -qa "PerMonitorV2" "$FERRY_EXE"
check "the manifest asks for UTF-8 as the code page" grep -qa "<activeCodePage" "$FERRY_EXE"
check "a version resource names the program" bash -c "strings -el '$FERRY_EXE' | grep -qx 'Ferry: files between your machines, verified'"
size=$(stat -c %s "$FERRY_EXE")
check "a few MB ($size bytes)" [ "$size" -gt 500000 -a "$size" -lt 16000000 ]

wferry --version
check "ferry.exe --version exits 0 (status $WRC)" [ "$WRC" -eq 0 ]
check "and prints its version" grep -qE '^ferry [0-9]+\.[0-9]+\.[0-9]+' "$WLOG"
wferry send
check "ferry.exe send without paths exits 2 (status $WRC)" [ "$WRC" -eq 2 ]
check "and says why" grep -q "ferry send: " "$WLOG"
wferry send $RISK --to 127.0.0.1:9 "$T"
check "a refused connection exits 3 (status $WRC)" [ "$WRC" -eq 3 ]
check "with the reason in words, not a number" grep -q "cannot connect to 127.0.0.1 port 9: Connection refused" "$WLOG"
cat "$WLOG"
finish
