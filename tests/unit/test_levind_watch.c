/* test_levind_watch.c - rule-file fingerprints and the debounced watch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "reload/watch.h"

static char dir[256];

static void put(const char *name, const char *text) {
  char path[512], tmp[520];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  snprintf(tmp, sizeof tmp, "%s.tmp~", path);
  FILE *f = fopen(tmp, "w");
  fputs(text, f);
  fclose(f);
  rename(tmp, path); /* as editors save */
}

static int same(const uint64_t a[2], const uint64_t b[2]) { return a[0] == b[0] && a[1] == b[1]; }

static void test_fingerprint(void) {
  uint64_t a[2], b[2];
  lv_rules_fingerprint(a, dir);
  put("x.rule", "let a = 1\n");
  lv_rules_fingerprint(b, dir);
  CHECK(!same(a, b));
  lv_rules_fingerprint(a, dir);
  CHECK(same(a, b)); /* stable */
  put("notes.txt", "not a rule file");
  put(".hidden.rule", "ignored like the compiler ignores it");
  lv_rules_fingerprint(b, dir);
  CHECK(same(a, b));
  char sub[300];
  snprintf(sub, sizeof sub, "%s/sub", dir);
  mkdir(sub, 0755);
  lv_rules_fingerprint(b, dir);
  CHECK(same(a, b)); /* an empty directory changes nothing */
  put("sub/y.rule", "let b = 2\n");
  lv_rules_fingerprint(b, dir);
  CHECK(!same(a, b));
  put("sub/y.rule", "let b = 3\n");
  lv_rules_fingerprint(a, dir);
  CHECK(!same(a, b)); /* contents count */
  /* A file that is not a .rule counts once an import names it (relative
   * to the importing file), and then its own imports too. */
  put("sub/common.inc", "let limit = 5\n");
  lv_rules_fingerprint(b, dir);
  CHECK(same(a, b));
  put("sub/y.rule", "import \"common.inc\" // and 'more.inc' is not an import\nlet b = 3\n");
  lv_rules_fingerprint(a, dir);
  put("sub/common.inc", "let limit = 6\n");
  lv_rules_fingerprint(b, dir);
  CHECK(!same(a, b));
  put("sub/more.inc", "let m = 1\n"); /* named only in a comment */
  lv_rules_fingerprint(a, dir);
  CHECK(same(a, b));
  put("sub/common.inc", "import 'deeper.inc'\nlet limit = 6\n");
  lv_rules_fingerprint(a, dir);
  put("sub/deeper.inc", "let d = 0\n");
  lv_rules_fingerprint(b, dir);
  CHECK(!same(a, b)); /* a missing import that appears */
  put("sub/deeper.inc", "import \"common.inc\"\n"); /* a cycle ends */
  lv_rules_fingerprint(a, dir);
  CHECK(!same(a, b));
  /* A file moved to another name is a change (paths count). */
  char from[512], to[512];
  snprintf(from, sizeof from, "%s/sub/y.rule", dir);
  snprintf(to, sizeof to, "%s/sub/z.rule", dir);
  rename(from, to);
  lv_rules_fingerprint(b, dir);
  CHECK(!same(a, b));
}

/* --- the watch ------------------------------------------------------------------ */

typedef struct step {
  uv_timer_t timer;
  int calls;
  int phase;
  int seen[32];
  lv_watch *w;
} step;

static void run(const char *fmt) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, fmt, dir, dir);
  if (system(cmd) != 0) fprintf(stderr, "failed: %s\n", cmd);
}

static void on_change(void *ctx) { ((step *)ctx)->calls++; }

/* Every 300 ms: record the calls so far, then make the next change. */
static void tick(uv_timer_t *t) {
  step *s = t->data;
  s->seen[s->phase] = s->calls;
  switch (s->phase++) {
  case 0: put("x.rule", "let a = 10\n"); break;      /* a change: one call */
  case 1: put("notes.txt", "still not rules\n"); break; /* no change: none */
  case 2:                                            /* a burst: debounced to one */
    put("x.rule", "let a = 11\n");
    put("x.rule", "let a = 12\n");
    put("x.rule", "let a = 13\n");
    break;
  case 3: put("sub/new.rule", "let c = 1\n"); break; /* in a subdirectory */
  case 4: {                                          /* a new subdirectory is watched */
    char d2[300];
    snprintf(d2, sizeof d2, "%s/sub/deeper", dir);
    mkdir(d2, 0755);
    break;
  }
  case 5: put("sub/deeper/d.rule", "let d = 1\n"); break;
  case 6: /* an imported file that is not a .rule */
    put("x.rule", "import \"common.inc\"\nlet a = 13\n");
    put("common.inc", "let limit = 1\n");
    break;
  case 7: put("common.inc", "let limit = 2\n"); break;
  case 8: /* the directory replaced at once, as a deploy does */
    run("rm -rf '%s' && mkdir '%s'");
    put("x.rule", "let a = 20\n");
    break;
  case 9: put("x.rule", "let a = 21\n"); break; /* still watched */
  case 10: run("rm -rf '%s'"); break;           /* gone: no call */
  case 11: case 12: case 13: case 14: break;    /* looked for every second */
  case 15:                                       /* back */
    run("mkdir '%s'");
    put("x.rule", "let a = 30\n");
    break;
  case 16: case 17: case 18: case 19: case 20: case 21: case 22: break; /* 2.1 s: a busy machine */
  case 23: put("x.rule", "let a = 31\n"); break;
  default:
    uv_timer_stop(t);
    uv_close((uv_handle_t *)t, NULL);
    lv_watch_stop(s->w);
  }
}

static void test_watch(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  static step s;
  char err[256];
  CHECK_INT(lv_watch_start(&s.w, &loop, "/nonexistent/levin", 50, on_change, &s, err, sizeof err), -1);
  CHECK_STR(err, "cannot watch '/nonexistent/levin': not a directory");
  CHECK_INT(lv_watch_start(&s.w, &loop, dir, 50, on_change, &s, err, sizeof err), 0);
  CHECK_INT(lv_watch_count(s.w), 2); /* dir and dir/sub */
  uv_timer_init(&loop, &s.timer);
  s.timer.data = &s;
  uv_timer_start(&s.timer, tick, 300, 300);
  uv_run(&loop, UV_RUN_DEFAULT);
  CHECK_INT(uv_loop_close(&loop), 0);
  CHECK_INT(s.seen[0], 0);
  CHECK_INT(s.seen[1], 1); /* x.rule changed */
  CHECK_INT(s.seen[2], 1); /* notes.txt: no call */
  CHECK_INT(s.seen[3], 2); /* the burst: one call */
  CHECK_INT(s.seen[4], 3); /* sub/new.rule */
  CHECK_INT(s.seen[5], 3); /* an empty directory: no call */
  CHECK_INT(s.seen[6], 4); /* sub/deeper/d.rule, in the directory made after the start */
  CHECK_INT(s.seen[7], 5); /* x.rule imports common.inc */
  CHECK_INT(s.seen[8], 6); /* common.inc changed */
  CHECK_INT(s.seen[9], 7); /* the replaced directory */
  CHECK_INT(s.seen[10], 8); /* an edit in the new directory */
  CHECK_INT(s.seen[15], 8); /* the directory gone: no call */
  CHECK_INT(s.seen[23], 9); /* made again: found by the poll */
  CHECK_INT(s.seen[24], 10); /* and watched */
}

int main(void) {
  snprintf(dir, sizeof dir, "%s/levin-watch.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(dir)) return 1;
  test_fingerprint();
  test_watch();
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) return 1;
  return check_done();
}
