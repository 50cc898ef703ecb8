/* lv_utf8.h - UTF-8 decoding and validation (RFC 3629: no surrogates, no
 * overlong forms, nothing above U+10FFFF). */
#ifndef LV_UTF8_H
#define LV_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes one code point from s[0..n). Returns its length in bytes (1-4), or
 * 0 when n is 0, or -1 when the bytes there are not valid UTF-8. */
int lv_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Writes cp (<= 0x10FFFF, not a surrogate) and returns its length (1-4). */
int lv_utf8_encode(uint32_t cp, char out[4]);
/* Offset of the first invalid byte, or n when all of s is valid. */
size_t lv_utf8_validate(const char *s, size_t n);
/* Code points in valid UTF-8 text (invalid bytes count one each). */
size_t lv_utf8_count(const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
