#!/usr/bin/env bash
# Names in every script: Japanese (and emoji) names in the send list and in
# the offer dialog are drawn from a system font (fontconfig), not as the
# embedded DejaVu's missing-glyph box. The screenshots' text logs count the
# characters each frame drew from system fonts and with no font at all.
# Needs a CJK font (CI: fonts-wqy-microhei in .ci/packages-ui.txt).
. "$(dirname "$0")/lib_ui.sh"

if ! fc-list :lang=ja 2>/dev/null | grep -q .; then
    echo "SKIP: no Japanese font installed (apt-get install fonts-wqy-microhei)"; exit 77
fi
src="$T/src"; dst="$T/inbox"
mkdir -p "$src/写真フォルダ" "$dst"
head -c 3000 /dev/urandom >"$src/日本語のファイル.txt"
head -c 5000 /dev/urandom >"$src/写真フォルダ/夏休み.jpg"
head -c 100 /dev/urandom >"$src/휴가 사진.png"
head -c 10 /dev/urandom >"$src/🎉 party.txt"

{
    echo "wait listening 10"
    drop_lines "$src/日本語のファイル.txt" "$src/写真フォルダ" "$src/휴가 사진.png" "$src/🎉 party.txt"
    echo "sleep 300"
    echo "shot cjk_send"
    echo "wait offer 30"
    echo "sleep 300"
    echo "shot cjk_offer"
    echo "click Accept"
    echo "wait done 60"
    echo "shot cjk_done"
    echo "quit"
} >"$T/script.txt"
start_window "$T/script.txt" "$dst" || exit 1
for i in $(seq 1 200); do grep -q "ui script: shot cjk_send" "$WLOG" && break; sleep 0.1; done
send --to "127.0.0.1:$WPORT" "$src/日本語のファイル.txt" "$src/写真フォルダ"
check "ferry send exits 0 (status $SRC)" [ "$SRC" -eq 0 ]
wait_exit "$WPID" 60; wrc=$?
check "window script ran to the end (status $wrc)" [ "$wrc" -eq 0 ]
check "the Japanese file arrived intact" cmp -s "$src/日本語のファイル.txt" "$dst/日本語のファイル.txt"
for shot in cjk_send cjk_offer; do
    check_shot "$shot" "日本語のファイル.txt"
    sys=$(sed -n 's/^glyphs from system fonts: //p' "$SHOTS/$shot.txt")
    miss=$(sed -n 's/^glyphs missing: //p' "$SHOTS/$shot.txt")
    check "$shot: characters drawn from a system font ($sys)" [ "${sys:-0}" -ge 10 ]
    check "$shot: no character drawn as a box ($miss)" [ "${miss:--1}" -eq 0 ]
done
check "the send list shows the Korean name" grep -qF "휴가 사진.png" "$SHOTS/cjk_send.txt"
check "the offer shows the Japanese folder" grep -qF "写真フォルダ" "$SHOTS/cjk_offer.txt"
[ "$FAILS" -eq 0 ] || cat "$WLOG" "$SLOG" >&2
finish
