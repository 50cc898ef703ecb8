/* watch.c - debounced directory watches and rule-file fingerprints. */
#include "reload/watch.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "actions/msgid.h"
#include "lv_buf.h"

#define MAX_DEPTH 32
#define MAX_DIRS 256

typedef struct dirwatch {
  uv_fs_event_t ev;
  struct lv_watch *owner;
  dev_t dev;
  ino_t ino;
} dirwatch;

struct lv_watch {
  uv_loop_t *loop;
  char *dir;
  uint32_t debounce_ms;
  lv_watch_cb cb;
  void *ctx;
  uv_timer_t timer;
  dirwatch *dirs[MAX_DIRS];
  uint32_t ndirs;
  uint32_t open_handles; /* handles libuv has not closed yet */
  uint64_t fp[2];
  bool stopping;
};

/* --- fingerprints ------------------------------------------------------------ */

typedef struct fpstate {
  lv_buf text; /* what is hashed: paths and contents, with separators */
} fpstate;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool has_rule_suffix(const char *n) {
  size_t l = strlen(n);
  return l > 5 && strcmp(n + l - 5, ".rule") == 0;
}

static void fp_file(fpstate *f, const char *path, const char *rel) {
  lv_buf_printf(&f->text, "\nF %s\n", rel);
  FILE *in = fopen(path, "rb");
  if (!in) {
    lv_buf_printf(&f->text, "unreadable %d\n", errno);
    return;
  }
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) lv_buf_putsn(&f->text, buf, n);
  fclose(in);
}

/* Calls visit_dir for each directory (dir first) and fp_file for each rule
 * file below dir, in the compiler's order. */
typedef void (*dir_visitor)(void *ctx, const char *path, const struct stat *st);

static void walk(const char *dir, const char *rel, int depth, fpstate *f, dir_visitor vd, void *vctx) {
  if (depth > MAX_DEPTH) return;
  DIR *d = opendir(dir);
  if (!d) {
    if (f) lv_buf_printf(&f->text, "\nD %s unreadable %d\n", rel, errno);
    return;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      names = realloc(names, cap * sizeof *names);
      if (!names) abort();
    }
    names[n] = strdup(e->d_name);
    if (!names[n]) abort();
    n++;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp_str);
  for (size_t i = 0; i < n; i++) {
    lv_buf path = LV_BUF_INIT, r = LV_BUF_INIT;
    lv_buf_printf(&path, "%s/%s", dir, names[i]);
    lv_buf_printf(&r, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
    struct stat st;
    if (stat(path.data, &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        if (vd) vd(vctx, path.data, &st);
        walk(path.data, r.data, depth + 1, f, vd, vctx);
      } else if (f && has_rule_suffix(names[i])) {
        fp_file(f, path.data, r.data);
      }
    }
    lv_buf_free(&path);
    lv_buf_free(&r);
    free(names[i]);
  }
  free(names);
}

void lv_rules_fingerprint(uint64_t out[2], const char *dir) {
  fpstate f = {LV_BUF_INIT};
  lv_buf_puts(&f.text, "levin-rules-v1");
  walk(dir, "", 0, &f, NULL, NULL);
  lv_event_hash(out, "", 0, f.text.data, f.text.len);
  lv_buf_free(&f.text);
}

/* --- watches ------------------------------------------------------------------- */

static void handle_closed(uv_handle_t *h) {
  dirwatch *d = h->data;
  lv_watch *w = d->owner;
  free(d);
  if (--w->open_handles == 0 && w->stopping) {
    free(w->dir);
    free(w);
  }
}

static void fs_event(uv_fs_event_t *h, const char *filename, int events, int status);

typedef struct dirlist {
  char *paths[MAX_DIRS];
  struct stat st[MAX_DIRS];
  uint32_t n;
} dirlist;

static void collect_dir(void *ctx, const char *path, const struct stat *st) {
  dirlist *l = ctx;
  if (l->n == MAX_DIRS) return;
  l->paths[l->n] = strdup(path);
  if (!l->paths[l->n]) abort();
  l->st[l->n++] = *st;
}

/* Watches exactly the directories there are now (re-created if the set of
 * directories changed: created, removed, or replaced by another inode). */
static void rewatch(lv_watch *w) {
  dirlist l;
  l.n = 0;
  struct stat st;
  if (stat(w->dir, &st) == 0 && S_ISDIR(st.st_mode)) {
    collect_dir(&l, w->dir, &st);
    walk(w->dir, "", 0, NULL, collect_dir, &l);
  }
  bool same = l.n == w->ndirs;
  for (uint32_t i = 0; same && i < l.n; i++)
    same = w->dirs[i]->dev == l.st[i].st_dev && w->dirs[i]->ino == l.st[i].st_ino;
  if (!same) {
    for (uint32_t i = 0; i < w->ndirs; i++) uv_close((uv_handle_t *)&w->dirs[i]->ev, handle_closed);
    w->ndirs = 0;
    for (uint32_t i = 0; i < l.n; i++) {
      dirwatch *d = calloc(1, sizeof *d);
      if (!d) abort();
      d->owner = w;
      d->dev = l.st[i].st_dev;
      d->ino = l.st[i].st_ino;
      uv_fs_event_init(w->loop, &d->ev);
      d->ev.data = d;
      w->open_handles++;
      if (uv_fs_event_start(&d->ev, fs_event, l.paths[i], 0) != 0) {
        uv_close((uv_handle_t *)&d->ev, handle_closed);
        continue;
      }
      w->dirs[w->ndirs++] = d;
    }
  }
  for (uint32_t i = 0; i < l.n; i++) free(l.paths[i]);
}

static void settled(uv_timer_t *t) {
  lv_watch *w = t->data;
  if (w->stopping) return;
  rewatch(w);
  uint64_t fp[2];
  lv_rules_fingerprint(fp, w->dir);
  if (fp[0] == w->fp[0] && fp[1] == w->fp[1]) return;
  w->fp[0] = fp[0];
  w->fp[1] = fp[1];
  w->cb(w->ctx);
}

static void fs_event(uv_fs_event_t *h, const char *filename, int events, int status) {
  dirwatch *d = h->data;
  lv_watch *w = d->owner;
  if (w->stopping) return;
  /* Wait for the directory to be quiet for debounce_ms. */
  uv_timer_start(&w->timer, settled, w->debounce_ms, 0);
}

static void timer_closed(uv_handle_t *h) {
  lv_watch *w = h->data;
  if (--w->open_handles == 0) {
    free(w->dir);
    free(w);
  }
}

int lv_watch_start(lv_watch **out, uv_loop_t *loop, const char *dir, uint32_t debounce_ms, lv_watch_cb cb,
                   void *ctx, char *err, size_t errlen) {
  struct stat st;
  *out = NULL;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    snprintf(err, errlen, "cannot watch '%s': not a directory", dir);
    return -1;
  }
  lv_watch *w = calloc(1, sizeof *w);
  if (!w) abort();
  w->loop = loop;
  w->dir = strdup(dir);
  if (!w->dir) abort();
  w->debounce_ms = debounce_ms;
  w->cb = cb;
  w->ctx = ctx;
  uv_timer_init(loop, &w->timer);
  w->timer.data = w;
  w->open_handles = 1;
  rewatch(w);
  if (w->ndirs == 0) {
    snprintf(err, errlen, "cannot watch '%s'", dir);
    lv_watch_stop(w);
    return -1;
  }
  lv_rules_fingerprint(w->fp, dir);
  *out = w;
  return 0;
}

uint32_t lv_watch_count(const lv_watch *w) { return w->ndirs; }

void lv_watch_rebase(lv_watch *w) {
  if (w) lv_rules_fingerprint(w->fp, w->dir);
}

void lv_watch_stop(lv_watch *w) {
  if (!w) return;
  w->stopping = true;
  for (uint32_t i = 0; i < w->ndirs; i++) uv_close((uv_handle_t *)&w->dirs[i]->ev, handle_closed);
  w->ndirs = 0;
  uv_close((uv_handle_t *)&w->timer, timer_closed);
}
