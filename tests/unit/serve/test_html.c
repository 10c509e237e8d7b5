/* test_html: what reaches a page: every value escaped by the one function
 * (in markup templates and in sentences), the visitor's language from a
 * choice or Accept-Language, times in China Standard Time, grouped byte
 * counts; and the HTTP pieces: redirects only to paths here, downloads
 * named without letting a name break the header, a client's file name
 * cleaned to a name that is never a path. */
#include <criterion/criterion.h>
#include <string.h>

#include "serve/deliver.h"
#include "serve/html.h"
#include "serve/http.h"

Test(html, escapes_every_character_that_could_start_markup)
{
    as_buf b;
    as_buf_init(&b);
    as_html_escape(&b, "<script>alert('x')</script> & \"><img onerror=1>");
    cr_expect_str_eq(b.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                             "&quot;&gt;&lt;img onerror=1&gt;");
    as_buf_release(&b);
}

Test(html, escapes_the_arguments_of_a_template_but_not_its_markup)
{
    as_buf b;
    as_buf_init(&b);
    as_html(&b, "<td title=\"%s\">%s</td><td>%d %lld %zu %%</td>", "\"x\"", "<b>", -3, 4LL,
            (size_t)5);
    cr_expect_str_eq(b.data, "<td title=\"&quot;x&quot;\">&lt;b&gt;</td><td>-3 4 5 %</td>");
    cr_expect_not(b.failed);
    as_buf_release(&b);
}

Test(html, refuses_a_conversion_a_template_may_not_use)
{
    as_buf b;
    as_buf_init(&b);
    as_html(&b, "<p>%x</p>", 10); /* not escaped: the page fails instead */
    cr_expect(b.failed);
    as_buf_release(&b);
}

Test(html, escapes_a_whole_sentence)
{
    as_buf b;
    as_buf_init(&b);
    as_html_say(&b, AS_PAGE_EN, "Receipt %d", 1);
    as_html_say(&b, AS_PAGE_EN, "%s", " <i>");
    cr_expect_str_eq(b.data, "Receipt 1 &lt;i&gt;");
    as_buf_release(&b);
}

Test(html, chooses_the_visitors_language)
{
    struct {
        char chosen[4];
        char accept[64];
        as_page_lang exp;
    } cases[] = {
        {"", "", AS_PAGE_ZH},
        {"", "en-US,en;q=0.9", AS_PAGE_EN},
        {"", "zh-CN,zh;q=0.9,en;q=0.8", AS_PAGE_ZH},
        {"", "en;q=0.5,zh-TW;q=0.8", AS_PAGE_ZH},
        {"", "fr-FR,fr", AS_PAGE_ZH},
        {"", "de, en;q=0.7", AS_PAGE_EN},
        {"en", "zh-CN", AS_PAGE_EN},
        {"zh", "en-US", AS_PAGE_ZH},
        {"xx", "en", AS_PAGE_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(as_page_choose(cases[i].chosen[0] ? cases[i].chosen : NULL,
                                    cases[i].accept[0] ? cases[i].accept : NULL),
                     cases[i].exp, "case %zu", i);
}

Test(html, writes_times_in_china_standard_time)
{
    char t[32];
    as_html_time(1798761600LL, t, sizeof t); /* 2027-01-01T00:00:00Z */
    cr_expect_str_eq(t, "2027-01-01 08:00:00");
    as_html_bytes(1234567, t, sizeof t);
    cr_expect_str_eq(t, "1,234,567");
    as_html_bytes(999, t, sizeof t);
    cr_expect_str_eq(t, "999");
}

Test(http, redirects_only_to_paths_of_this_server)
{
    cr_expect(as_http_local_path("/envelopes/2026/640000/reported"));
    cr_expect_not(as_http_local_path("//evil.example/"));
    cr_expect_not(as_http_local_path("https://evil.example/"));
    cr_expect_not(as_http_local_path("/\\evil.example"));
    cr_expect_not(as_http_local_path("/x\r\nSet-Cookie: a=b"));
    cr_expect_not(as_http_local_path(NULL));
    as_http_resp r;
    as_http_resp_init(&r);
    as_http_redirect(&r, "//evil.example/");
    cr_expect_str_eq(r.location, "/");
    as_http_resp_release(&r);
}

Test(http, names_a_download_without_breaking_its_header)
{
    as_http_resp r;
    as_http_resp_init(&r);
    as_http_attachment(&r, "宁夏\"2026\r\n.xlsx");
    cr_expect_str_eq(r.disposition, "attachment; filename=\"_______2026__.xlsx\"; "
                                    "filename*=UTF-8''%E5%AE%81%E5%A4%8F%222026%0D%0A.xlsx");
    as_http_resp_release(&r);
}

Test(http, sets_cookies_httponly_samesite_strict_and_secure_under_tls)
{
    as_http_resp r;
    as_http_resp_init(&r);
    as_http_set_cookie(&r, "assess_session", "tok", 0, false);
    as_http_set_cookie(&r, "assess_session", "tok", 0, true);
    as_http_set_cookie(&r, "assess_session", "tok", -1, false);
    cr_expect_str_eq(r.cookies[0], "assess_session=tok; Path=/; HttpOnly; SameSite=Strict");
    cr_expect_str_eq(r.cookies[1], "assess_session=tok; Path=/; HttpOnly; SameSite=Strict; Secure");
    cr_expect_str_eq(r.cookies[2], "assess_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    as_http_resp_release(&r);
}

Test(deliver, cleans_a_clients_file_name_to_one_that_is_never_a_path)
{
    struct {
        char given[64];
        char exp[64];
        char ext[8];
    } cases[] = {
        {"宁夏2026.xlsx", "宁夏2026.xlsx", "xlsx"},
        {"C:\\Users\\clerk\\报送.XLSX", "报送.XLSX", "xlsx"},
        {"../../etc/passwd.yaml", "passwd.yaml", "yaml"},
        {"a\r\nb.yml", "ab.yml", "yaml"},
        {"notes.txt", "notes.txt", ""},
        {"xlsx", "xlsx", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[256];
        const char *ext = NULL;
        int rc = as_deliver_clean_name(cases[i].given, out, sizeof out, &ext);
        cr_expect_str_eq(out, cases[i].exp, "case %zu", i);
        cr_expect_eq(rc, cases[i].ext[0] ? 0 : -1, "case %zu", i);
        if (cases[i].ext[0] && ext)
            cr_expect_str_eq(ext, cases[i].ext);
    }
}
