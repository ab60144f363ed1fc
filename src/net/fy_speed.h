/* fy_speed.h: the throughput probe of `ferry doctor --speed` over an
 * established, trusted channel (docs/PROTOCOL.md, section 16). */
#ifndef FY_SPEED_H
#define FY_SPEED_H

#include <stdint.h>

#include "core/fy_result.h"
#include "fy_channel.h"

/* Receiver: SPEED_TEST arrived (payload p, n); counts and drops DATA until
 * DONE, answers SPEED_RESULT. */
fy_result fy_speed_sink(fy_channel *ch, const uint8_t *p, size_t n, uint64_t *bytes, uint32_t *ms,
                        fy_err *err) FY_MUST_USE;
/* Sender: ms of DATA, then the receiver's count. */
fy_result fy_speed_source(fy_channel *ch, uint32_t ms, uint64_t *bytes, uint32_t *rms, fy_err *err) FY_MUST_USE;

#endif
