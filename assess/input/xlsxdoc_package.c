/* xlsxdoc_package: the package's XML parts, each unpacked in bounded chunks
 * and fed to expat; the relationships between parts; the workbook part and
 * the sheet named in it.  What a sheet's cells hold is xlsxdoc_cells.c's. */
#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "base/grow.h"
#include "input/xlsxdoc_read.h"

/* ------------------------------------------------------------ XML parts */

void as_xlsxr_refuse(xparse *x, as_loc where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    as_diags_vadd(x->R->d, where, fmt, ap);
    va_end(ap);
    x->stopped = true;
    XML_StopParser(x->p, XML_FALSE);
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    xparse *x = ud;
    if (!x->collect || x->stopped || len <= 0)
        return;
    size_t n = (size_t)len;
    if (x->len + n > AS_XLSX_MAX_TEXT) {
        as_xlsxr_refuse(x, x->where, "text longer than %d bytes", AS_XLSX_MAX_TEXT);
        return;
    }
    if (x->len + n + 1 > x->cap) {
        char *t = as_grow(x->text, &x->cap, x->len + n + 1, 1, 256, 0);
        if (!t) {
            as_xlsxr_refuse(x, x->where, "out of memory");
            return;
        }
        x->text = t;
    }
    memcpy(x->text + x->len, s, n);
    x->len += n;
    x->text[x->len] = '\0';
}

/* Start or stop collecting character data.  Expat calls no handler for the
 * text of elements nobody reads (most of a sheet). */
void as_xlsxr_collect(xparse *x, bool on)
{
    x->collect = on;
    XML_SetCharacterDataHandler(x->p, on ? on_text : NULL);
}

/* Everything needed has been read: stop parsing and unpacking the part. */
void as_xlsxr_finish(xparse *x)
{
    x->done = true;
    XML_StopParser(x->p, XML_FALSE);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int internal)
{
    xparse *x = ud;
    (void)name, (void)sysid, (void)pubid, (void)internal;
    as_xlsxr_refuse(
        x, as_loc_make(x->R->file, 0, 0),
        "damaged workbook: part '%s' declares a document type, which workbooks never do", x->part);
}

/* Depth bookkeeping shared by every start handler; false if the part is refused. */
bool as_xlsxr_enter(xparse *x)
{
    if (x->stopped)
        return false;
    if (++x->depth > MAX_DEPTH) {
        as_xlsxr_refuse(x, as_loc_make(x->R->file, 0, 0),
                        "damaged workbook: part '%s' nests elements deeper than %d", x->part,
                        MAX_DEPTH);
        return false;
    }
    return true;
}

/* The collected text as a scratch-arena string ("" when none). */
char *as_xlsxr_take_text(xparse *x)
{
    static char none[1];
    char *s = as_arena_strndup(x->R->tmp, x->text ? x->text : "", x->len);
    x->len = 0;
    if (x->text)
        x->text[0] = '\0';
    if (!s)
        as_xlsxr_refuse(x, x->where, "out of memory");
    return s ? s : none;
}

/* Refuse parts whose size or packing says they are not what a workbook holds. */
static int check_entry(reader *R, const char *part, const zip_stat_t *st)
{
    if ((st->valid & ZIP_STAT_SIZE) && st->size > AS_XLSX_MAX_PART_BYTES) {
        as_xlsxr_fail(R, "part '%s' unpacks to %llu bytes, more than the %u allowed", part,
                      (unsigned long long)st->size, AS_XLSX_MAX_PART_BYTES);
        return -1;
    }
    if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE) {
        as_xlsxr_fail(R, "part '%s' is encrypted: save the workbook without a password", part);
        return -1;
    }
    return 0;
}

/* Whether the part, got bytes unpacked so far, is over a bound (reported). */
static bool over_bound(xparse *x, size_t got, zip_uint64_t packed)
{
    reader *R = x->R;
    if (got > AS_XLSX_MAX_PART_BYTES || R->unpacked > AS_XLSX_MAX_TOTAL_BYTES) {
        as_xlsxr_fail(R, "part '%s' unpacks to more than %u bytes", x->part,
                      got > AS_XLSX_MAX_PART_BYTES ? AS_XLSX_MAX_PART_BYTES
                                                   : AS_XLSX_MAX_TOTAL_BYTES);
        return true;
    }
    if (got > BIG_PART && got / (packed ? packed : 1) > AS_XLSX_MAX_RATIO) {
        as_xlsxr_fail(
            R, "part '%s' unpacks to more than %d times its packed size: refused as a zip bomb",
            x->part, AS_XLSX_MAX_RATIO);
        return true;
    }
    return false;
}

static void unpack_failed(xparse *x, zip_file_t *zf)
{
    if (zip_error_code_zip(zip_file_get_error(zf)) == ZIP_ER_CRC)
        as_xlsxr_fail(
            x->R,
            "damaged workbook: part '%s' does not match its checksum (CRC): copy or send the "
            "file again",
            x->part);
    else
        as_xlsxr_fail(x->R, "damaged workbook: cannot unpack part '%s': %s", x->part,
                      zip_file_strerror(zf));
}

/* Unpack the whole entry into one malloc'd buffer (*out, *len), holding
 * every bound as it grows.  Reading to the end is what makes libzip check
 * the entry's CRC, so a part damaged in transit is refused, not read. */
static int unpack(xparse *x, zip_file_t *zf, const zip_stat_t *st, char **out, size_t *len)
{
    zip_uint64_t packed = (st->valid & ZIP_STAT_COMP_SIZE) ? st->comp_size : 0;
    size_t cap = (st->valid & ZIP_STAT_SIZE) ? (size_t)st->size + 1 : CHUNK, got = 0;
    char *buf = malloc(cap);
    for (zip_int64_t n = 1; buf && n > 0;) {
        if (got == cap) {
            char *more = as_grow(buf, &cap, cap + 1, 1, 0, 0);
            if (!more)
                break; /* out of memory, reported below */
            buf = more;
        }
        n = zip_fread(zf, buf + got, cap - got < CHUNK ? cap - got : CHUNK);
        if (n < 0) {
            unpack_failed(x, zf);
        } else {
            got += (size_t)n;
            x->R->unpacked += (size_t)n;
            if (!over_bound(x, got, packed))
                continue;
        }
        free(buf);
        return -1;
    }
    if (!buf || got == cap) { /* the loop ends with room left unless memory ran out */
        as_xlsxr_fail(x->R, "out of memory");
        free(buf);
        return -1;
    }
    *out = buf;
    *len = got;
    return 0;
}

/* Unpack the entry and parse it whole in one call: expat 2.5 scans a token
 * again from its start on every piece fed to it, so a token split over
 * many pieces (a 16 MiB attribute value) would cost time quadratic in its
 * length; given the part at once, it scans each byte once. */
static int feed(xparse *x, zip_file_t *zf, const zip_stat_t *st)
{
    char *buf = NULL;
    size_t len = 0;
    if (unpack(x, zf, st, &buf, &len) != 0)
        return -1;
    int rc = 0;
    if (XML_Parse(x->p, buf, (int)len, XML_TRUE) == XML_STATUS_ERROR && !(x->done && !x->stopped)) {
        if (!x->stopped)
            as_xlsxr_fail(x->R, "damaged workbook: part '%s' line %lu, column %lu: %s", x->part,
                          (unsigned long)XML_GetCurrentLineNumber(x->p),
                          (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1,
                          XML_ErrorString(XML_GetErrorCode(x->p)));
        rc = -1;
    }
    free(buf);
    return rc;
}

/* Parse the archive's part with the handlers.  Returns 0, 1 if the part is
 * absent (nothing reported), or -1 after reporting a problem. */
int as_xlsxr_parse_part(reader *R, const char *part, XML_StartElementHandler start,
                        XML_EndElementHandler end, void *state)
{
    zip_int64_t idx = zip_name_locate(R->zip, part, ZIP_FL_NOCASE);
    if (idx < 0)
        return 1;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(R->zip, (zip_uint64_t)idx, 0, &st) != 0) {
        as_xlsxr_fail(R, "damaged workbook: %s", zip_strerror(R->zip));
        return -1;
    }
    if (check_entry(R, part, &st) != 0)
        return -1;
    zip_file_t *zf = zip_fopen_index(R->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        as_xlsxr_fail(R, "damaged workbook: cannot open part '%s': %s", part, zip_strerror(R->zip));
        return -1;
    }
    xparse x = {.R = R, .part = part, .state = state, .where = as_loc_make(R->file, 0, 0)};
    int rc = -1;
    if (R->xml ? !XML_ParserReset(R->xml, NULL) : !(R->xml = XML_ParserCreate(NULL))) {
        as_xlsxr_fail(R, "out of memory");
    } else {
        x.p = R->xml;
        XML_SetUserData(x.p, &x);
        XML_SetElementHandler(x.p, start, end);
        XML_SetStartDoctypeDeclHandler(x.p, on_doctype);
        rc = feed(&x, zf, &st);
    }
    zip_fclose(zf);
    free(x.text);
    return rc;
}

/* ------------------------------------------------------------ relationships */

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    reader *R = x->R;
    if (!as_xlsxr_enter(x) || strcmp(as_xlsxr_local_name(name), "Relationship") != 0)
        return;
    const char *id = as_xlsxr_attr(atts, "Id"), *type = as_xlsxr_attr(atts, "Type"),
               *target = as_xlsxr_attr(atts, "Target");
    const char *mode = as_xlsxr_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && !strcmp(mode, "External")))
        return;
    rel *r =
        as_xlsxr_push(R, (void **)&R->rels, &R->nrels, (size_t *)x->state, sizeof *r, MAX_RELS);
    if (!r) {
        as_xlsxr_refuse(x, as_loc_make(R->file, 0, 0),
                        "damaged workbook: part '%s' has over %d entries", x->part, MAX_RELS);
        return;
    }
    r->id = as_arena_strdup(R->tmp, id);
    r->type = as_arena_strdup(R->tmp, type);
    r->target = as_arena_strdup(R->tmp, target);
    if (!r->id || !r->type || !r->target)
        as_xlsxr_refuse(x, as_loc_make(R->file, 0, 0), "out of memory");
}

static void any_end(void *ud, const XML_Char *name)
{
    xparse *x = ud;
    (void)name;
    x->depth--;
}

/* The part a relationship target names: absolute ("/xl/a.xml") or relative
 * to the folder of part from, with "." and ".." resolved. */
static const char *resolve(reader *R, const char *from, const char *target)
{
    const char *slash = strrchr(from, '/');
    char *joined = target[0] == '/'
                       ? as_arena_strdup(R->tmp, target + 1)
                       : as_arena_printf(R->tmp, "%.*s%s%s", slash ? (int)(slash - from) : 0, from,
                                         slash ? "/" : "", target);
    if (!joined)
        return NULL;
    char *out = joined, *w = joined;
    for (char *seg = joined; *seg;) {
        char *next = strchr(seg, '/');
        size_t n = next ? (size_t)(next - seg) : strlen(seg);
        if (n == 2 && !strncmp(seg, "..", 2)) {
            while (w > out && *--w != '/')
                ;
        } else if (n && !(n == 1 && seg[0] == '.')) {
            if (w > out)
                *w++ = '/';
            memmove(w, seg, n);
            w += n;
        }
        seg += n + (next ? 1 : 0);
    }
    *w = '\0';
    return out;
}

/* Read the relationships of part (its _rels/<name>.rels) into R->rels.
 * Returns 0, 1 when there are none, -1 after reporting. */
static int read_rels(reader *R, const char *part)
{
    const char *slash = strrchr(part, '/');
    const char *path =
        slash ? as_arena_printf(R->tmp, "%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1)
              : as_arena_printf(R->tmp, "_rels/%s.rels", part);
    size_t cap = 0;
    R->rels = NULL;
    R->nrels = 0;
    if (!path) {
        as_xlsxr_fail(R, "out of memory");
        return -1;
    }
    int rc = as_xlsxr_parse_part(R, path, rels_start, any_end, &cap);
    for (size_t i = 0; rc == 0 && i < R->nrels; i++)
        if (!(R->rels[i].target = resolve(R, part, R->rels[i].target))) {
            as_xlsxr_fail(R, "out of memory");
            return -1;
        }
    return rc;
}

/* The target of the first relationship whose type ends in "/suffix" (or, when
 * id is given, whose Id is id), or NULL. */
static const char *find_rel(const reader *R, const char *suffix, const char *id)
{
    size_t n = suffix ? strlen(suffix) : 0;
    for (size_t i = 0; i < R->nrels; i++) {
        const rel *r = &R->rels[i];
        size_t tn = strlen(r->type);
        if (id ? !strcmp(r->id, id)
               : (tn > n && r->type[tn - n - 1] == '/' && !strcmp(r->type + tn - n, suffix)))
            return r->target;
    }
    return NULL;
}

/* ------------------------------------------------------------ workbook */

static void book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xparse *x = ud;
    reader *R = x->R;
    if (!as_xlsxr_enter(x))
        return;
    const char *n = as_xlsxr_local_name(name);
    if (x->depth == 1 && strcmp(n, "workbook") != 0) {
        as_xlsxr_refuse(x, as_loc_make(R->file, 0, 0),
                        "not an Excel workbook (.xlsx): its main part '%s' is a '%s'", x->part, n);
        return;
    }
    const char *sname = as_xlsxr_attr(atts, "name"), *id = as_xlsxr_attr(atts, "id");
    if (strcmp(n, "sheet") != 0 || !sname || !id)
        return;
    sheet_ref *sr =
        as_xlsxr_push(R, (void **)&R->sheets, &R->nsheets, x->state, sizeof *sr, MAX_SHEETS);
    if (!sr)
        as_xlsxr_refuse(x, as_loc_make(R->file, 0, 0), "workbook has more than %d sheets",
                        MAX_SHEETS);
    else if (!(sr->name = as_arena_strdup(R->tmp, sname)) ||
             !(sr->rel_id = as_arena_strdup(R->tmp, id)))
        as_xlsxr_refuse(x, as_loc_make(R->file, 0, 0), "out of memory");
}

/* Report that the sheet is missing, naming the sheets there are. */
static void no_sheet(reader *R)
{
    char names[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < R->nsheets && i < MAX_NAMES_SHOWN && len < sizeof names; i++)
        len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'", i ? ", " : "",
                                R->sheets[i].name);
    if (R->nsheets > MAX_NAMES_SHOWN && len < sizeof names)
        snprintf(names + len, sizeof names - len, ", ...");
    as_xlsxr_fail(R, "no sheet named '%s' (the workbook has %s): keep the template's sheet names",
                  R->lay->sheet, R->nsheets ? names : "none");
}

/* Whether the archive is an OpenDocument file (an .ods under another name):
 * its first entry "mimetype" says so. */
static bool opendocument(reader *R)
{
    static const char kind[] = "application/vnd.oasis.opendocument";
    char head[sizeof kind - 1];
    zip_file_t *zf = zip_fopen(R->zip, "mimetype", 0);
    bool yes = zf && zip_fread(zf, head, sizeof head) == (zip_int64_t)sizeof head &&
               !memcmp(head, kind, sizeof head);
    if (zf)
        zip_fclose(zf);
    return yes;
}

/* Find the workbook part, the sheet's part and the shared strings' part. */
int as_xlsxr_find_parts(reader *R, const char **sheet_part, const char **sst_part)
{
    const char *book = NULL;
    int rc = read_rels(R, "");
    if (rc < 0)
        return -1;
    book = rc == 0 ? find_rel(R, "officeDocument", NULL) : "xl/workbook.xml";
    R->custom = rc == 0 ? find_rel(R, "custom-properties", NULL) : NULL;
    size_t cap = 0;
    if (!book || (rc = as_xlsxr_parse_part(R, book, book_start, any_end, &cap)) == 1) {
        if (opendocument(R))
            as_xlsxr_other_format(R->d, R->file, ".ods");
        else
            as_xlsxr_fail(R, "not an Excel workbook (.xlsx): the archive holds no workbook part");
        return -1;
    }
    if (rc < 0 || read_rels(R, book) < 0)
        return -1;
    const char *id = NULL;
    size_t same = 0; /* sheets of the name without regard to case, as Excel compares them */
    for (size_t i = 0; i < R->nsheets; i++) {
        if (!id && !strcmp(R->sheets[i].name, R->lay->sheet))
            id = R->sheets[i].rel_id;
        same += !strcasecmp(R->sheets[i].name, R->lay->sheet);
    }
    if (same > 1) {
        as_xlsxr_fail(
            R,
            "damaged workbook: %zu sheets are named '%s' (sheet names do not differ by case "
            "only): other programs may show another one; keep only the template's",
            same, R->lay->sheet);
        return -1;
    }
    if (!id) {
        no_sheet(R);
        return -1;
    }
    *sheet_part = find_rel(R, NULL, id);
    *sst_part = find_rel(R, "sharedStrings", NULL);
    R->styles = find_rel(R, "styles", NULL);
    if (!*sheet_part) {
        as_xlsxr_fail(R, "damaged workbook: sheet '%s' has no part", R->lay->sheet);
        return -1;
    }
    return 0;
}
