/*
 * utf8.h - check that text is UTF-8.
 *
 * rmkit's records are UTF-8 (DESIGN.md); rm-import converts other
 * encodings, and every reader of TSV refuses bytes that are not UTF-8,
 * so that no report carries them into JSON or HTML.  Valid means RFC
 * 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF, no sequence cut short.
 */
#ifndef RMKIT_UTF8_H
#define RMKIT_UTF8_H

#include <stddef.h>

/*
 * The offset of the first byte of s (len bytes) that does not start a
 * valid UTF-8 sequence, or len when all of s is valid.  Plain ASCII is
 * passed over eight bytes at a time.
 */
size_t utf8_check(const char *s, size_t len);

/* Whether some byte of s (len bytes) is not ASCII (0x80 or above). */
int utf8_has_high(const char *s, size_t len);

#endif
