/* test_lines.c - the line reader of `levin run` and `levin eval --batch`
 * (compiler/cli/lines.c, built into the levin command, so compiled in
 * here): line ends, a last line without one, NULs, lines longer than the
 * reader's 1 MiB chunks, and a read error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../compiler/cli/lines.c"
#include "check.h"

/* Every line of text, joined by '|'; lengths that differ from strlen (a
 * NUL inside) are shown as "<len>". */
/* A real file holding text (the reader uses its descriptor). */
static FILE *file_of(const char *text, size_t len) {
  FILE *f = tmpfile();
  fwrite(text, 1, len, f);
  rewind(f);
  return f;
}

static char *all_lines(const char *text, size_t len) {
  FILE *f = file_of(text, len);
  lv_lines l;
  lv_lines_init(&l, f);
  static char out[4096];
  out[0] = 0;
  char *line;
  size_t n;
  for (int i = 0; (line = lv_lines_next(&l, &n)); i++) {
    char part[256];
    if (n != strlen(line)) snprintf(part, sizeof part, "%s<%zu>", i ? "|" : "", n);
    else snprintf(part, sizeof part, "%s%s", i ? "|" : "", line);
    strncat(out, part, sizeof out - strlen(out) - 1);
  }
  CHECK_INT(l.error, 0);
  lv_lines_free(&l);
  fclose(f);
  return out;
}

#define ALL(literal) all_lines(literal, sizeof literal - 1)

static void test_ends(void) {
  CHECK_STR(ALL("a\nbb\nccc\n"), "a|bb|ccc");
  CHECK_STR(ALL("a\nbb"), "a|bb");         /* no final '\n' */
  CHECK_STR(ALL("a\r\nb\r\r\n\r\n"), "a|b|"); /* '\r's before '\n' */
  CHECK_STR(ALL("\n\nx\n"), "||x");        /* empty lines count */
  CHECK_STR(ALL("a\rb\n"), "a\rb");        /* a '\r' inside stays */
  CHECK_STR(ALL("a\0b\nc"), "<3>|c");
  CHECK_STR(ALL(""), "");
}

/* Lines across and longer than the 1 MiB chunks keep every byte. */
static void test_long(void) {
  size_t big = 3 * CHUNK + 17, total = 5 + big + 1 + 2 * CHUNK + 3;
  char *text = malloc(total);
  memcpy(text, "tiny\n", 5);
  for (size_t i = 0; i < big; i++) text[5 + i] = (char)('a' + i % 26);
  text[5 + big] = '\n';
  memset(text + 6 + big, 'z', 2 * CHUNK + 3); /* the last line, no '\n' */
  FILE *f = file_of(text, total);
  lv_lines l;
  lv_lines_init(&l, f);
  size_t n = 0;
  char *line = lv_lines_next(&l, &n);
  CHECK_STR(line, "tiny");
  line = lv_lines_next(&l, &n);
  CHECK_INT(n, big);
  CHECK(line && memcmp(line, text + 5, big) == 0 && line[big] == 0);
  line = lv_lines_next(&l, &n);
  CHECK_INT(n, 2 * CHUNK + 3);
  CHECK(line && line[0] == 'z' && line[n - 1] == 'z' && line[n] == 0);
  CHECK(lv_lines_next(&l, &n) == NULL);
  CHECK(lv_lines_next(&l, &n) == NULL); /* and stays at the end */
  lv_lines_free(&l);
  fclose(f);
  free(text);
}

static void test_error(void) {
  FILE *f = fopen("/", "r"); /* opens; reading a directory fails */
  lv_lines l;
  lv_lines_init(&l, f);
  size_t n;
  CHECK(lv_lines_next(&l, &n) == NULL);
  CHECK_INT(l.error, EISDIR);
  lv_lines_free(&l);
  fclose(f);
}

/* A line of a pipe is handed out as soon as it is there: `levin eval
 * --batch -` answers each request before the next is written. */
static void test_pipe(void) {
  int fds[2];
  CHECK_INT(pipe(fds), 0);
  FILE *f = fdopen(fds[0], "r");
  lv_lines l;
  lv_lines_init(&l, f);
  size_t n;
  CHECK_INT(write(fds[1], "first\nsec", 9), 9);
  CHECK_STR(lv_lines_next(&l, &n), "first");
  CHECK_INT(write(fds[1], "ond\n", 4), 4);
  CHECK_STR(lv_lines_next(&l, &n), "second");
  close(fds[1]);
  CHECK(lv_lines_next(&l, &n) == NULL);
  CHECK_INT(l.error, 0);
  lv_lines_free(&l);
  fclose(f);
}

int main(void) {
  alarm(30); /* a reader that waits for more than a line fails, not hangs */
  test_ends();
  test_long();
  test_error();
  test_pipe();
  return check_done();
}
