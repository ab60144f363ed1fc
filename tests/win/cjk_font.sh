#!/usr/bin/env bash
# A wine prefix's Fonts folder has no CJK font. Debian's WenQuanYi Micro Hei
# takes the place of Microsoft YaHei (msyh.ttc), so ui.fonts tests the
# Windows lookup (fy_plat_font_for_char: the Fonts folder) for real.
f=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
d="$WINEPREFIX/drive_c/windows/Fonts"
if [ -f "$f" ] && [ -d "$d" ]; then cp "$f" "$d/msyh.ttc" && echo "copied $f to $d/msyh.ttc"; fi
exit 0
