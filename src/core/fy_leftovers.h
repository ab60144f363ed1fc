/* fy_leftovers.h: unfinished files (NAME.part) that failed or cancelled
 * transfers left in the receive folder, found through the resume
 * journals, and removed on request.
 *
 * Only what a journal vouches for is listed: a top-level NAME.part whose
 * device and inode are a journal's `root` record, and the *.part files in
 * a top-level folder whose device and inode are one (a folder Ferry made
 * for that transfer), minus the files a `done` record says were verified
 * (a sender may name a finished file "x.part"). Nothing is followed: the
 * walk and the removal go through fy_tree, which refuses a link anywhere
 * on the way, and a file is removed only if it is still the very file
 * (device, inode) that was listed. Keeping them lets the sender resume by
 * sending again; removing them frees the space. */
#ifndef FY_LEFTOVERS_H
#define FY_LEFTOVERS_H

#include <stdint.h>

#include "fy_result.h"

#define FY_LEFTOVERS_MAX 100000  /* listed at most: a bound on memory and time */
#define FY_LEFTOVERS_DEPTH 64    /* folders deep, inside one root */

typedef struct fy_leftover {
    char *rel;          /* below the receive folder, '/'-separated */
    uint64_t bytes, dev, ino;
} fy_leftover;

typedef struct fy_leftovers {
    fy_leftover *v;
    int n, cap;
    uint64_t bytes;
} fy_leftovers;

/* Lists them (state_dir: the receiver's "resume" folder). A missing
 * folder or journal is not an error: nothing to list. */
fy_result fy_leftovers_find(const char *state_dir, const char *recv_dir, fy_leftovers *out,
                            fy_err *err) FY_MUST_USE;
/* Removes what was listed, each only if it is still that file; *removed
 * counts them. Stops at the first failure. */
fy_result fy_leftovers_remove(const char *recv_dir, const fy_leftovers *lo, int *removed, fy_err *err) FY_MUST_USE;
void fy_leftovers_free(fy_leftovers *lo);

#endif
