#!/usr/bin/env bash
# The Settings panel applies each change at once and keeps it: the device
# name, the port (receiving moves there live; a port another program holds
# is refused with a message and receiving stays where it was), the receive
# folder through the typed-path dialog with Tab completion (no zenity or
# kdialog here). (Discovery on/off is tested headless in ui.model: here it
# would broadcast outside a namespace.) A CLI send then reaches the new port and
# lands in the new folder; settings.txt holds everything.
. "$(dirname "$0")/lib_ui.sh"

if command -v zenity >/dev/null || command -v kdialog >/dev/null; then
    echo "SKIP: zenity or kdialog is installed; this test is about the window without them"; exit 77
fi
src="$T/src"; dst="$T/inbox"
mkdir -p "$src" "$dst/sub2" "$dst/other"
head -c 300000 /dev/urandom >"$src/moved.bin"

# A port held by another program, and a free one to move to.
TAKEN=$(( (RANDOM % 10000) + 20000 ))
python3 -c 'import socket,sys,time
s=socket.socket(); s.bind(("0.0.0.0",int(sys.argv[1]))); s.listen(); time.sleep(120)' "$TAKEN" &
PIDS+=("$!")
NEWPORT=$(( (RANDOM % 10000) + 10000 ))

bs() { local i; for i in $(seq 1 "$1"); do echo "key backspace"; done; }
UI_PORT=$(( (RANDOM % 10000) + 50000 ))
{
    echo "wait listening 10"
    echo "click Settings"
    echo "sleep 200"
    echo "shot settings_open"
    echo "click Device name"; bs 6; echo "type studio"; echo "key tab"  # applied when the focus leaves
    echo "click Port"; bs 5; echo "type $NEWPORT"; echo "key enter"
    echo "wait port:$NEWPORT 10"
    echo "click Change…"
    echo "sleep 200"
    echo "type su"
    echo "key tab"
    echo "sleep 200"
    echo "shot settings_path"
    echo "key enter"
    echo "sleep 200"
    echo "click Port"; bs 5; echo "type $TAKEN"; echo "key enter"
    echo "wait settings-error 10"
    echo "wait port:$NEWPORT 10"
    echo "sleep 300"
    echo "shot settings_changed"
    echo "click Done"
    echo "wait offer 30"
    echo "click Accept"
    echo "wait done 60"
    echo "shot settings_received"
    echo "quit"
} >"$T/script.txt"
start_window "$T/script.txt" "$dst" || exit 1
for i in $(seq 1 300); do grep -q "ui script: shot settings_changed" "$WLOG" && break; sleep 0.1; done
send --to "127.0.0.1:$NEWPORT" "$src/moved.bin"
check "ferry send to the new port exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "the file landed in the folder chosen by typing" cmp -s "$src/moved.bin" "$dst/sub2/moved.bin"
check "nothing in the old folder" [ ! -e "$dst/moved.bin" ]
check "the sender saw the new name" grep -q "studio" "$SLOG"
cfg="$XDG_CONFIG_HOME/ferry/settings.txt"
check "settings.txt: device_name=studio" grep -qx "device_name=studio" "$cfg"
check "settings.txt: port=$NEWPORT (not the taken $TAKEN)" grep -qx "port=$NEWPORT" "$cfg"
check "settings.txt: receive_dir=.../sub2" grep -qx "receive_dir=$dst/sub2" "$cfg"
check "settings.txt: discovery still off" grep -qx "discovery=0" "$cfg"
check_shot settings_open "Settings"
check_shot settings_path "$dst/sub2/"
check "completion listed the folder as one" grep -qF "A folder: Tab again lists it." "$SHOTS/settings_path.txt"
check_shot settings_changed "Port $TAKEN: cannot receive there"
check "the panel says where it receives" grep -qF "Receiving on port $NEWPORT" "$SHOTS/settings_changed.txt"
check_shot settings_received "studio"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$SLOG" "$cfg" >&2
finish
