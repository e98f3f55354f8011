/* CBEFF XML (ISO/IEC 19785-3, the "BIR" document MOSIP serves from a referenceURL) carrying
 * the core's IrisCode templates. The format this service declares and reads:
 *   root <BIR> with one child <BIR> per eye; in each, <BDBInfo> with
 *   <Format><Organization>ktpsim</Organization><Type>iriscode-2048-v1</Type></Format>,
 *   <Type>Iris</Type>, <Subtype>Left</Subtype> or <Subtype>Right</Subtype>, and a <BDB>
 *   holding base64 of 512 bytes: the eye's 32 code words then 32 mask words, 64-bit
 *   little-endian (one half of core_template_encode's 1,024 bytes).
 * Child BIRs of other modalities or format owners are ignored when ours are present. */
#ifndef SVC_CBEFF_H
#define SVC_CBEFF_H

#include <stddef.h>
#include "core/iris.h"

#define SVC_CBEFF_ORGANIZATION "ktpsim"
#define SVC_CBEFF_TYPE "iriscode-2048-v1"
#define SVC_CBEFF_MAX_BYTES (4u << 20) /* a bigger document is refused unread */

/* Why a document was refused, as the ABIS API's failureReason codes. */
enum svc_cbeff_problem {
    SVC_CBEFF_NO_DATA = 11,   /* no child BIR with a non-empty BDB */
    SVC_CBEFF_FORMAT = 16,    /* not XML, root not BIR, no BDB in our format, bad BDB */
    SVC_CBEFF_QUALITY = 18    /* our format, but no eye has enough valid mask bits */
};

/* Writes the CBEFF document of t (both eyes) into a malloc'd NUL-terminated string *xml of
 * *len bytes; the caller frees it. SVC_OK or SVC_ENOMEM. Thread-safe. */
int svc_cbeff_write(const core_template *t, char **xml, size_t *len);

/* Reads a template from a document of len bytes. An eye absent from the document gets an
 * all-zero mask (unusable). SVC_OK, or SVC_ECBEFF with *problem (enum svc_cbeff_problem)
 * and a sentence in err. Never loads external entities or DTDs. Thread-safe after
 * svc_cbeff_init. */
int svc_cbeff_read(const char *xml, size_t len, core_template *out, int *problem, char *err,
                   size_t err_size);

/* Initialises libxml2 once per process, before threads use svc_cbeff_read; _cleanup at exit. */
void svc_cbeff_init(void);
void svc_cbeff_cleanup(void);

/* Base64 (RFC 4648, with padding; decode ignores whitespace). encode writes 4*ceil(n/3)+1
 * bytes including a NUL. decode returns the byte count, or -1 if malformed or over max. */
void svc_base64_encode(const unsigned char *in, size_t n, char *out);
long svc_base64_decode(const char *in, size_t n, unsigned char *out, size_t max);

#endif
