/* CBEFF XML in and out: documents are built as text (the layout is fixed) and read with
 * libxml2's tree parser with the network and entity substitution off. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/registry.h"
#include "service/cbeff.h"
#include "service/status.h"

#define EYE_BYTES (CORE_TEMPLATE_BYTES / 2)

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void svc_base64_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
                     (i + 2 < n ? in[i + 2] : 0);
        out[o++] = B64[v >> 18 & 63];
        out[o++] = B64[v >> 12 & 63];
        out[o++] = i + 1 < n ? B64[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? B64[v & 63] : '=';
    }
    out[o] = '\0';
}

static int b64_value(char ch)
{
    const char *p = ch ? strchr(B64, ch) : NULL;
    return p ? (int)(p - B64) : -1;
}

long svc_base64_decode(const char *in, size_t n, unsigned char *out, size_t max)
{
    unsigned v = 0;
    int bits = 0, pad = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = in[i];
        if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t')
            continue;
        if (ch == '=') {
            pad++;
            continue;
        }
        int d = b64_value(ch);
        if (d < 0 || pad)
            return -1; /* a stray character, or data after padding */
        v = v << 6 | (unsigned)d;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o == max)
                return -1;
            out[o++] = (unsigned char)(v >> bits);
        }
    }
    return pad > 2 || bits >= 6 ? -1 : (long)o;
}

static const char *const EYE_NAME[2] = {"Left", "Right"};

int svc_cbeff_write(const core_template *t, char **xml, size_t *len)
{
    unsigned char bytes[CORE_TEMPLATE_BYTES];
    core_template_encode(t, bytes);
    size_t cap = 2048 + 2 * (EYE_BYTES * 4 / 3 + 8);
    char *s = malloc(cap);
    if (!s)
        return SVC_ENOMEM;
    int n = snprintf(s, cap,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<BIR xmlns=\"http://standards.iso.org/iso-iec/19785/-3/ed-2/\">\n"
                     "  <Version><Major>1</Major><Minor>1</Minor></Version>\n"
                     "  <CBEFFVersion><Major>1</Major><Minor>1</Minor></CBEFFVersion>\n"
                     "  <BIRInfo><Integrity>false</Integrity></BIRInfo>\n");
    for (int e = 0; e < 2; e++) {
        char b64[EYE_BYTES * 4 / 3 + 8];
        svc_base64_encode(bytes + e * EYE_BYTES, EYE_BYTES, b64);
        n += snprintf(s + n, cap - (size_t)n,
                      "  <BIR>\n    <BDBInfo>\n"
                      "      <Format><Organization>%s</Organization><Type>%s</Type></Format>\n"
                      "      <Type>Iris</Type>\n      <Subtype>%s</Subtype>\n"
                      "      <Purpose>Enroll</Purpose>\n    </BDBInfo>\n"
                      "    <BDB>%s</BDB>\n  </BIR>\n",
                      SVC_CBEFF_ORGANIZATION, SVC_CBEFF_TYPE, EYE_NAME[e], b64);
    }
    n += snprintf(s + n, cap - (size_t)n, "</BIR>\n");
    *xml = s;
    *len = (size_t)n;
    return SVC_OK;
}

/* Records the problem and formats its sentence; returns SVC_ECBEFF. */
#define fail(problem, out, err, err_size, ...) \
    (*(out) = (problem), svc__fail(SVC_ECBEFF, err, err_size, __VA_ARGS__))

static int named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* Whether the text of element n, blanks around it ignored, is want. */
static int text_is(const xmlNode *n, const char *want)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    int same = 0;
    if (t) {
        const char *s = (const char *)t;
        size_t k = strlen(want);
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
            s++;
        same = strncmp(s, want, k) == 0 && strspn(s + k, " \n\t\r") == strlen(s + k);
        xmlFree(t);
    }
    return same;
}

/* One child BIR: *eye 0/1 when it is our iris format, -1 otherwise; *has_data when its BDB
 * holds anything. Decodes our BDB into bytes. */
static int read_eye(const xmlNode *bir, unsigned char *bytes, int *eye, int *has_data,
                    int *problem, char *err, size_t err_size)
{
    const xmlNode *info = child(bir, "BDBInfo"), *bdb = child(bir, "BDB");
    const xmlNode *format = child(info, "Format");
    xmlChar *data = bdb ? xmlNodeGetContent(bdb) : NULL;
    size_t n = data ? strlen((const char *)data) : 0;
    *has_data = n > 0 && strspn((const char *)data, " \n\t\r") < n;
    *eye = -1;
    int ours = text_is(child(format, "Organization"), SVC_CBEFF_ORGANIZATION) &&
               text_is(child(format, "Type"), SVC_CBEFF_TYPE) &&
               text_is(child(info, "Type"), "Iris");
    int rc = SVC_OK;
    if (ours && *has_data) {
        for (int e = 0; e < 2; e++)
            if (text_is(child(info, "Subtype"), EYE_NAME[e]))
                *eye = e;
        long got = svc_base64_decode((const char *)data, n, bytes, EYE_BYTES);
        if (*eye < 0)
            rc = fail(SVC_CBEFF_FORMAT, problem, err, err_size,
                      "an iris BDB whose Subtype is neither Left nor Right");
        else if (got != EYE_BYTES)
            rc = fail(SVC_CBEFF_FORMAT, problem, err, err_size,
                      "the %s iris BDB is not base64 of %d bytes", EYE_NAME[*eye], EYE_BYTES);
    }
    xmlFree(data);
    return rc;
}

static int read_tree(const xmlNode *root, core_template *out, int *problem, char *err,
                     size_t err_size)
{
    if (!named(root, "BIR"))
        return fail(SVC_CBEFF_FORMAT, problem, err, err_size, "the root element is not BIR");
    unsigned char bytes[CORE_TEMPLATE_BYTES] = {0}, eye_bytes[EYE_BYTES];
    int seen[2] = {0, 0}, any_data = 0;
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (!named(c, "BIR"))
            continue;
        int eye, has_data, rc = read_eye(c, eye_bytes, &eye, &has_data, problem, err, err_size);
        if (rc != SVC_OK)
            return rc;
        any_data |= has_data;
        if (eye >= 0 && seen[eye]++)
            return fail(SVC_CBEFF_FORMAT, problem, err, err_size, "two %s iris BDBs",
                        EYE_NAME[eye]);
        if (eye >= 0)
            memcpy(bytes + eye * EYE_BYTES, eye_bytes, EYE_BYTES);
    }
    if (!any_data)
        return fail(SVC_CBEFF_NO_DATA, problem, err, err_size, "no BIR carries a BDB");
    if (!seen[0] && !seen[1])
        return fail(SVC_CBEFF_FORMAT, problem, err, err_size,
                    "no iris BDB in format %s/%s", SVC_CBEFF_ORGANIZATION, SVC_CBEFF_TYPE);
    if (core_template_decode(bytes, sizeof bytes, out, NULL, 0) != 0)
        return fail(SVC_CBEFF_FORMAT, problem, err, err_size, "undecodable template");
    if (core_template_valid_bits(out, 0) < CORE_IRIS_MIN_BITS &&
        core_template_valid_bits(out, 1) < CORE_IRIS_MIN_BITS)
        return fail(SVC_CBEFF_QUALITY, problem, err, err_size,
                    "no eye has %d valid mask bits", CORE_IRIS_MIN_BITS);
    return SVC_OK;
}

int svc_cbeff_read(const char *xml, size_t len, core_template *out, int *problem, char *err,
                   size_t err_size)
{
    *problem = 0;
    if (len > SVC_CBEFF_MAX_BYTES || len > (size_t)INT32_MAX)
        return fail(SVC_CBEFF_FORMAT, problem, err, err_size, "document over %u bytes",
                    SVC_CBEFF_MAX_BYTES);
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "cbeff.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return fail(SVC_CBEFF_FORMAT, problem, err, err_size, "not well-formed XML");
    int rc = read_tree(xmlDocGetRootElement(doc), out, problem, err, err_size);
    xmlFreeDoc(doc);
    return rc;
}

void svc_cbeff_init(void) { xmlInitParser(); }

void svc_cbeff_cleanup(void) { xmlCleanupParser(); }
