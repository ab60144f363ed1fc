/* fy_history_none.c: the history module of a build without SQLite (a
 * Windows cross build whose dependencies predate it). Transfers are not
 * recorded, and `ferry history` says why. */
#include "fy_history.h"

#include <string.h>

static fy_result none(fy_err *err) { return fy_fail(err, FY_ERR_USAGE, "this ferry was built without transfer history (no SQLite)"); }

fy_result fy_history_open(const char *config_dir, fy_history **out, fy_err *err) { *out = NULL; return none(err); }
fy_result fy_history_open_file(const char *path, int max_version, fy_history **out, fy_err *err)
{
    *out = NULL;
    return none(err);
}
int fy_history_available(void) { return 0; }
void fy_history_close(fy_history *h) {}
int fy_history_version(fy_history *h) { return 0; }
int fy_history_check(fy_history *h, fy_err *err) { return none(err), 0; }
fy_result fy_history_begin(fy_history *h, const fy_history_transfer *t, int64_t *id, fy_err *err) { return none(err); }
fy_result fy_history_add_file(fy_history *h, const fy_history_file *f, fy_err *err) { return none(err); }
fy_result fy_history_commit(fy_history *h, fy_err *err) { return none(err); }
void fy_history_rollback(fy_history *h) {}
int fy_history_type_valid(const char *type) { return 1; }
const char *fy_history_type_of(const char *rel) { return NULL; }
fy_result fy_history_query_rows(fy_history *h, const fy_history_query *q, fy_history_row_fn row, void *ud, fy_err *err)
{
    return none(err);
}
fy_result fy_history_count(fy_history *h, const fy_history_query *q, int64_t *n, fy_err *err) { *n = 0; return none(err); }
fy_result fy_history_forget(fy_history *h, const fy_history_query *q, int64_t *removed, fy_err *err)
{
    *removed = 0;
    return none(err);
}
fy_result fy_history_clear(fy_history *h, fy_err *err) { return none(err); }
const char *fy_history_result_word(fy_history_result r) { return "?"; }
const char *fy_history_scan_word(fy_scan_verdict v) { return "not scanned"; }
