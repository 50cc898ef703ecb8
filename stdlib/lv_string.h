/* lv_string.h - CEL string and bytes functions, the strings extension, and
 * conversions to and from strings. Scalar-only JIT convention (lv_value.h):
 * a string is (ptr, len); results produced here live in cx's arena, or, when
 * a result is a piece of an input (substring, trim, split, an unchanged
 * replace), may point into that input: strings are immutable and inputs
 * outlive the evaluation's arena. Indexes and sizes of strings count Unicode
 * code points, as CEL does; of bytes, bytes. Strings handed to these
 * functions are valid UTF-8.
 *
 * A result longer than LV_STRING_RESULT_MAX bytes, or one the arena cannot
 * hold, is an LV_E_RESOURCE error. */
#ifndef LV_STRING_H
#define LV_STRING_H

#include "lv_value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest string or bytes result these functions produce (2 GiB). */
#define LV_STRING_RESULT_MAX ((size_t)1 << 31)

/* --- core ------------------------------------------------------------------- */
int64_t lv_string_size(const char *s, size_t n); /* code points */
bool lv_string_contains(const char *s, size_t n, const char *sub, size_t subn);
bool lv_string_starts_with(const char *s, size_t n, const char *pre, size_t pren);
bool lv_string_ends_with(const char *s, size_t n, const char *suf, size_t sufn);
/* Lexicographic by bytes (= by code points for UTF-8): -1, 0, 1. */
int lv_bytes_compare(const char *a, size_t an, const char *b, size_t bn);
bool lv_bytes_equal(const char *a, size_t an, const char *b, size_t bn);
const lv_err *lv_string_concat(lv_ctx *cx, const char **op, size_t *on,
                               const char *a, size_t an, const char *b, size_t bn);

/* --- strings extension (cel-go ext.Strings, version 3 and later) ---------- */
/* Index errors are LV_E_INDEX with cel-go's messages ("index out of range: 30",
 * "invalid substring range. start: 4, end: 3"). */

/* charAt(i): the code point at i; i == size gives ""; else out of range. */
const lv_err *lv_string_char_at(lv_ctx *cx, const char **op, size_t *on,
                                const char *s, size_t n, int64_t i);
/* indexOf(sub) (start = 0) / indexOf(sub, start): code point index or -1;
 * an empty sub gives start. start outside [0, size] is an error, as the
 * conformance tests say (cel-go returns -1 past the end). */
const lv_err *lv_string_index_of(lv_ctx *cx, int64_t *out, const char *s, size_t n,
                                 const char *sub, size_t subn, int64_t start);
/* lastIndexOf(sub) (has_end false) / lastIndexOf(sub, end): index of the
 * last sub starting at or before end, or -1; an empty sub gives end (size
 * without one). end outside [0, size] is an error (conformance tests); as
 * cel-go, end == size finds no non-empty sub. */
const lv_err *lv_string_last_index_of(lv_ctx *cx, int64_t *out, const char *s, size_t n,
                                      const char *sub, size_t subn, bool has_end, int64_t end);
/* lowerAscii(), upperAscii(): only A-Z / a-z change. */
const lv_err *lv_string_lower_ascii(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n);
const lv_err *lv_string_upper_ascii(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n);
/* replace(old, new) (limit -1) / replace(old, new, limit): at most limit
 * leftmost non-overlapping replacements; a negative limit means all; an
 * empty old matches before every code point and at the end, as Go's
 * strings.Replace. Linear in n whatever old is. */
const lv_err *lv_string_replace(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n,
                                const char *old, size_t oldn, const char *rep, size_t repn,
                                int64_t limit);
/* split(sep) (limit -1) / split(sep, limit): limit 0 gives [], 1 gives [s],
 * negative all, else at most limit pieces with the rest in the last; an
 * empty sep splits into code points (so "" gives []), as Go's strings.SplitN.
 * The pieces point into s. */
const lv_err *lv_string_split(lv_ctx *cx, const lv_list **out, const char *s, size_t n,
                              const char *sep, size_t sepn, int64_t limit);
/* substring(start) (has_end false) / substring(start, end): code point
 * indexes, 0 <= start <= end <= size, else an error. */
const lv_err *lv_string_substring(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n,
                                  int64_t start, bool has_end, int64_t end);
/* trim(): removes leading and trailing Unicode White_Space (Go's
 * unicode.IsSpace; not U+200B, U+FEFF). */
const lv_err *lv_string_trim(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n);
/* list<string>.join() (sep "") / join(sep); a non-string element (via dyn)
 * is LV_E_INVALID_ARG. */
const lv_err *lv_list_join(lv_ctx *cx, const char **op, size_t *on, const lv_list *l,
                           const char *sep, size_t sepn);
/* "fmt".format(args): %s %d %f %e %b %o %x %X %% with an optional precision
 * (%.3f, at most 100), as cel-go's strings extension (version 4 and later):
 * %d takes int, uint and double; %s takes every kind but messages and
 * optionals (maps print sorted by key text). A missing argument is
 * LV_E_INDEX ("index 2 out of range"); a bad clause or an argument of the
 * wrong kind is LV_E_INVALID_ARG with cel-go's message naming the type. */
const lv_err *lv_string_format(lv_ctx *cx, const char **op, size_t *on,
                               const char *fmt, size_t fmtn, const lv_list *args);
/* strings.quote(s): s in double quotes with \a \b \f \n \r \t \v \\ \"
 * escaped; other characters as they are (as cel-go). */
const lv_err *lv_string_quote(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n);
/* reverse(): by code points. */
const lv_err *lv_string_reverse(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n);

/* --- conversions ------------------------------------------------------------- */
/* int("-12"), uint("12"), with cel-go's syntax (Go's strconv: decimal
 * digits, an optional + or - for int only; no whitespace, no underscores);
 * out of range -> LV_E_OVERFLOW, bad text -> LV_E_INVALID_ARG. */
const lv_err *lv_string_to_int(lv_ctx *cx, int64_t *out, const char *s, size_t n);
const lv_err *lv_string_to_uint(lv_ctx *cx, uint64_t *out, const char *s, size_t n);
/* double("1e3"), double("NaN"), double("Infinity"), double("-inf") ...: Go's
 * ParseFloat syntax (underscores between digits, 0x1p-2 hexadecimal, inf /
 * infinity with an optional sign and nan in any case); beyond the double
 * range -> LV_E_OVERFLOW. */
const lv_err *lv_string_to_double(lv_ctx *cx, double *out, const char *s, size_t n);
/* bool("true"/"false"/"TRUE"/"True"/"t"/"f"/"1"/"0" ... as cel-go). */
const lv_err *lv_string_to_bool(lv_ctx *cx, bool *out, const char *s, size_t n);
const lv_err *lv_int_to_string(lv_ctx *cx, const char **op, size_t *on, int64_t v);
const lv_err *lv_uint_to_string(lv_ctx *cx, const char **op, size_t *on, uint64_t v);
const lv_err *lv_double_to_string_cel(lv_ctx *cx, const char **op, size_t *on, double v);
/* string(double) is Go's %g with the shortest digits ("1e+06", "+Inf"). */
/* string(bytes): the bytes must be valid UTF-8, else LV_E_INVALID_ARG; the
 * result shares the bytes. */
const lv_err *lv_bytes_to_string(lv_ctx *cx, const char **op, size_t *on, const char *b, size_t n);
/* int(double), uint(double): truncation toward zero; NaN, infinities and
 * values outside the target range are LV_E_OVERFLOW ("range"). As cel-go,
 * int accepts (-2^63, 2^63) exclusive of both ends, uint [0, 2^64) (so
 * -0.5 is out of range). */
const lv_err *lv_double_to_int(lv_ctx *cx, int64_t *out, double v);
const lv_err *lv_double_to_uint(lv_ctx *cx, uint64_t *out, double v);

/* --- base64 (bytes in JSON) ---------------------------------------------------- */
size_t lv_base64_encoded_len(size_t n);
size_t lv_base64_encode(char *out, const char *in, size_t n);
/* Standard or URL-safe alphabet, padding optional. Returns the decoded
 * length, or (size_t)-1 on invalid input. out needs room for n*3/4+3 bytes. */
size_t lv_base64_decode(char *out, const char *in, size_t n);
/* base64.encode(bytes) / base64.decode(string) of the encoders extension,
 * into cx's arena; undecodable text is LV_E_INVALID_ARG. */
const lv_err *lv_base64_encode_cel(lv_ctx *cx, const char **op, size_t *on, const char *b, size_t n);
const lv_err *lv_base64_decode_cel(lv_ctx *cx, const char **op, size_t *on, const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
