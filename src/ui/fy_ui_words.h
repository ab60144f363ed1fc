/* fy_ui_words.h: numbers for display ("1.52 GB", "3 min 10 s left"). */
#ifndef FY_UI_WORDS_H
#define FY_UI_WORDS_H

#include <stddef.h>
#include <stdint.h>

void fy_ui_format_size(uint64_t bytes, char *out, size_t cap);
/* Empty when unknown (no rate yet). */
void fy_ui_format_eta(double secs, char *out, size_t cap);

/* "14 files, 12.4 MB" ("over" when a folder was too big to count). */
void fy_ui_size_label(uint32_t files, uint64_t bytes, int partial, char *out, size_t cap);

#endif
