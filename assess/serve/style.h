/* style: the portal's one stylesheet (assess/serve/style.css), built into
 * the binary so an installed portal needs no files beside it. */
#ifndef AS_SERVE_STYLE_H
#define AS_SERVE_STYLE_H

#include <stddef.h>

extern const unsigned char as_style_css[];
extern const size_t as_style_css_len;

#endif
