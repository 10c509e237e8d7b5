/* http: requests and responses independent of the HTTP library. */
#include "serve/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void as_http_req_init(as_http_req *r)
{
    memset(r, 0, sizeof *r);
    r->content_length = -1;
    r->file.fd = -1;
    as_buf_init_cap(&r->json, AS_HTTP_MAX_TEXT);
}

static void free_pairs(as_http_pair *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].name);
        free(list[i].value);
    }
}

void as_http_req_release(as_http_req *r)
{
    free_pairs(r->query, r->nquery);
    free_pairs(r->form, r->nform);
    r->nquery = r->nform = 0;
    as_store_tmp_discard(&r->file);
    as_buf_release(&r->json);
}

void as_http_resp_init(as_http_resp *r)
{
    memset(r, 0, sizeof *r);
    r->status = 200;
    r->content_type = "text/html; charset=utf-8";
    as_buf_init(&r->body);
}

void as_http_resp_release(as_http_resp *r)
{
    as_buf_release(&r->body);
}

int as_http_pair_add(as_http_pair *list, size_t *n, const char *name, const char *value,
                     size_t value_len)
{
    if (*n >= AS_HTTP_MAX_FIELDS)
        return -1;
    char *k = strdup(name), *v = malloc(value_len + 1);
    if (!k || !v) {
        free(k);
        free(v);
        return -1;
    }
    memcpy(v, value, value_len);
    v[value_len] = '\0';
    list[*n].name = k;
    list[*n].value = v;
    (*n)++;
    return 0;
}

static const char *find(const as_http_pair *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i].name, name))
            return list[i].value;
    return NULL;
}

const char *as_http_query(const as_http_req *r, const char *name)
{
    return find(r->query, r->nquery, name);
}

const char *as_http_field(const as_http_req *r, const char *name)
{
    return find(r->form, r->nform, name);
}

void as_http_set_cookie(as_http_resp *r, const char *name, const char *value, int max_age, bool tls)
{
    if (r->ncookies >= AS_HTTP_MAX_COOKIES)
        return;
    char age[48] = "";
    if (max_age > 0)
        snprintf(age, sizeof age, "; Max-Age=%d", max_age);
    else if (max_age < 0)
        snprintf(age, sizeof age, "; Max-Age=0");
    snprintf(r->cookies[r->ncookies++], sizeof r->cookies[0],
             "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, max_age < 0 ? "" : value, age,
             tls ? "; Secure" : "");
}

bool as_http_local_path(const char *s)
{
    if (!s || s[0] != '/' || s[1] == '/' || strlen(s) >= 400)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            return false;
    return true;
}

void as_http_redirect(as_http_resp *r, const char *path)
{
    r->status = 303;
    snprintf(r->location, sizeof r->location, "%s", as_http_local_path(path) ? path : "/");
}

void as_http_attachment(as_http_resp *r, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    char enc[400], plain[120];
    size_t e = 0, p = 0;
    for (const unsigned char *c = (const unsigned char *)name; *c && e + 4 < sizeof enc; c++) {
        bool keep = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                    (*c >= '0' && *c <= '9') || strchr("-._", *c);
        if (keep)
            enc[e++] = (char)*c;
        else {
            enc[e++] = '%';
            enc[e++] = hex[*c >> 4];
            enc[e++] = hex[*c & 15];
        }
        if (p + 1 < sizeof plain)
            plain[p++] = keep ? (char)*c : '_';
    }
    enc[e] = plain[p] = '\0';
    snprintf(r->disposition, sizeof r->disposition,
             "attachment; filename=\"%s\"; filename*=UTF-8''%s", plain, enc);
}

int as_http_count(const char *s, long *out)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 9 || strspn(s, "0123456789") != n)
        return -1;
    *out = strtol(s, NULL, 10);
    return *out > 0 ? 0 : -1;
}
