/* watch.c - debounced directory watches and rule-file fingerprints. */
#include "reload/watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions/msgid.h"
#include "lv_buf.h"
#include "metrics/log.h"

#define MAX_DEPTH 32
#define MAX_DIRS 256
#define MAX_IMPORTED 1024
/* How often the rules directory's path is looked at: a directory deleted,
 * moved or replaced (or one of its parents) is noticed within this even
 * when no inotify event says so, and a missing one is looked for again. */
#define POLL_MS 1000

typedef struct dirwatch {
  uv_fs_event_t ev;
  struct lv_watch *owner;
  dev_t dev;
  ino_t ino;
  /* The directory held open: while it is, its inode number cannot be
   * given to a new directory, so a directory deleted and made again under
   * the same name always has another (dev, ino) and is watched anew. */
  int fd;
} dirwatch;

struct lv_watch {
  uv_loop_t *loop;
  char *dir;
  uint32_t debounce_ms;
  lv_watch_cb cb;
  void *ctx;
  uv_timer_t timer;
  uv_timer_t poll;
  dirwatch *dirs[MAX_DIRS];
  uint32_t ndirs;
  uint32_t open_handles; /* handles libuv has not closed yet */
  uint64_t fp[2];
  bool missing; /* the directory is gone: looked for every POLL_MS */
  bool stopping;
};

/* --- fingerprints ------------------------------------------------------------ */

typedef struct fpstate {
  lv_buf text; /* what is hashed: paths and contents, with separators */
  /* The files to hash, in order: the rule files found by the walk, then
   * the files their imports name. Each is listed once (by real path);
   * `label` is what the text names it by, `path` where it is read. */
  char **real, **path, **label;
  uint32_t n, cap;
  uint32_t imported; /* files listed for imports (at most MAX_IMPORTED) */
} fpstate;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool has_rule_suffix(const char *n) {
  size_t l = strlen(n);
  return l > 5 && strcmp(n + l - 5, ".rule") == 0;
}

static char *dup_or_die(const char *s) {
  char *d = strdup(s);
  if (!d) abort();
  return d;
}

/* Lists a file to hash, unless it already is. */
static void fp_add(fpstate *f, const char *path, const char *label_kind, const char *label) {
  char real[PATH_MAX];
  const char *key = realpath(path, real) ? real : path;
  /* The walk lists each path once; an import may name a file listed
   * already (a .rule in the directory, another import, a cycle). */
  bool import = label == NULL;
  if (import) {
    for (uint32_t i = 0; i < f->n; i++)
      if (strcmp(f->real[i], key) == 0) return;
    if (f->imported == MAX_IMPORTED) return;
    f->imported++;
  }
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 32;
    f->real = realloc(f->real, f->cap * sizeof *f->real);
    f->path = realloc(f->path, f->cap * sizeof *f->path);
    f->label = realloc(f->label, f->cap * sizeof *f->label);
    if (!f->real || !f->path || !f->label) abort();
  }
  lv_buf l = LV_BUF_INIT;
  lv_buf_printf(&l, "%s %s", label_kind, label ? label : key);
  f->real[f->n] = dup_or_die(key);
  f->path[f->n] = dup_or_die(path);
  f->label[f->n] = lv_buf_take(&l);
  f->n++;
}

static void fp_free(fpstate *f) {
  for (uint32_t i = 0; i < f->n; i++) {
    free(f->real[i]);
    free(f->path[i]);
    free(f->label[i]);
  }
  free(f->real);
  free(f->path);
  free(f->label);
  lv_buf_free(&f->text);
}

static bool ident_char(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Lists the file of each `import "PATH"` (or 'PATH') in a rule file's text,
 * skipping // comments and other string literals; PATH is relative to the
 * importing file's directory, as the compiler takes it. Not the parser:
 * the fingerprint needs every file an import may name, and a name seen
 * where the parser would not take it only adds a file to hash. */
static void scan_imports(fpstate *f, const char *t, size_t n, const char *from) {
  for (size_t i = 0; i < n;) {
    char c = t[i];
    if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      while (i < n && t[i] != '\n') i++;
    } else if (c == '"' || c == '\'') {
      for (i++; i < n && t[i] != c && t[i] != '\n'; i++)
        if (t[i] == '\\') i++;
      i++;
    } else if (c == 'i' && n - i > 6 && memcmp(t + i, "import", 6) == 0 && (i == 0 || !ident_char(t[i - 1])) &&
               !ident_char(t[i + 6])) {
      size_t k = i + 6;
      while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r' || t[k] == '\n')) k++;
      if (k < n && (t[k] == '"' || t[k] == '\'')) {
        char q = t[k];
        size_t b = ++k;
        while (k < n && t[k] != q && t[k] != '\n' && t[k] != '\\' && t[k] != 0) k++;
        if (k < n && t[k] == q && k > b) {
          lv_buf target = LV_BUF_INIT;
          const char *slash = t[b] == '/' ? NULL : strrchr(from, '/');
          if (slash) lv_buf_putsn(&target, from, (size_t)(slash - from + 1));
          lv_buf_putsn(&target, t + b, k - b);
          fp_add(f, target.data, "I", NULL);
          lv_buf_free(&target);
        }
      }
      i = k + 1;
    } else {
      i++;
    }
  }
}

/* Hashes the listed files in order; the imports each names join the list. */
static void fp_files(fpstate *f) {
  lv_buf content = LV_BUF_INIT;
  for (uint32_t i = 0; i < f->n; i++) {
    lv_buf_printf(&f->text, "\n%s\n", f->label[i]);
    FILE *in = fopen(f->path[i], "rb");
    if (!in) {
      lv_buf_printf(&f->text, "unreadable %d\n", errno);
      continue;
    }
    lv_buf_clear(&content);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) lv_buf_putsn(&content, buf, n);
    fclose(in);
    if (content.len) {
      lv_buf_putsn(&f->text, content.data, content.len);
      scan_imports(f, content.data, content.len, f->path[i]);
    }
  }
  lv_buf_free(&content);
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
        fp_add(f, path.data, "F", r.data);
      }
    }
    lv_buf_free(&path);
    lv_buf_free(&r);
    free(names[i]);
  }
  free(names);
}

void lv_rules_fingerprint(uint64_t out[2], const char *dir) {
  fpstate f;
  memset(&f, 0, sizeof f);
  lv_buf_puts(&f.text, "levin-rules-v2");
  walk(dir, "", 0, &f, NULL, NULL);
  fp_files(&f);
  lv_event_hash(out, "", 0, f.text.data, f.text.len);
  fp_free(&f);
}

/* --- watches ------------------------------------------------------------------- */

static void free_watch(lv_watch *w) {
  free(w->dir);
  free(w);
}

static void handle_closed(uv_handle_t *h) {
  dirwatch *d = h->data;
  lv_watch *w = d->owner;
  if (d->fd >= 0) close(d->fd);
  free(d);
  if (--w->open_handles == 0 && w->stopping) free_watch(w);
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

static void close_watches(lv_watch *w) {
  for (uint32_t i = 0; i < w->ndirs; i++) uv_close((uv_handle_t *)&w->dirs[i]->ev, handle_closed);
  w->ndirs = 0;
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
    close_watches(w);
    for (uint32_t i = 0; i < l.n; i++) {
      dirwatch *d = calloc(1, sizeof *d);
      if (!d) abort();
      d->owner = w;
      d->fd = open(l.paths[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      struct stat held;
      /* The identity is that of the directory held open (the path may have
       * been replaced since it was listed). */
      if (d->fd >= 0 && fstat(d->fd, &held) == 0) {
        d->dev = held.st_dev;
        d->ino = held.st_ino;
      } else {
        d->dev = l.st[i].st_dev;
        d->ino = l.st[i].st_ino;
      }
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

/* Is the directory at w->dir the one watched (the first watch)? */
static bool top_same(const lv_watch *w, const struct stat *st) {
  return w->ndirs > 0 && w->dirs[0]->dev == st->st_dev && w->dirs[0]->ino == st->st_ino;
}

static void settled(uv_timer_t *t) {
  lv_watch *w = t->data;
  if (w->stopping) return;
  struct stat st;
  const char *gone = stat(w->dir, &st) != 0 ? strerror(errno) : !S_ISDIR(st.st_mode) ? "not a directory" : NULL;
  if (gone) {
    /* Deleted or moved away (perhaps to be made again): nothing to watch
     * and nothing to reload; the running rules stay, and the poll timer
     * looks for the directory again. */
    close_watches(w);
    if (!w->missing) {
      lv_logline l;
      lv_log_begin(&l, LV_LOG_WARN, "the rules directory is gone: the running rules stay; looking for it every second");
      lv_log_str(&l, "rules", w->dir);
      lv_log_str(&l, "error", gone);
      lv_log_end(&l);
    }
    w->missing = true;
    return;
  }
  bool had_top = w->ndirs > 0;
  dev_t old_dev = had_top ? w->dirs[0]->dev : 0;
  ino_t old_ino = had_top ? w->dirs[0]->ino : 0;
  rewatch(w);
  bool replaced = had_top && w->ndirs > 0 && (w->dirs[0]->dev != old_dev || w->dirs[0]->ino != old_ino);
  if ((w->missing && w->ndirs > 0) || replaced) {
    lv_logline l;
    lv_log_begin(&l, LV_LOG_INFO,
                 w->missing ? "the rules directory is back: watching it again"
                            : "the rules directory was replaced: watching the new one");
    lv_log_str(&l, "rules", w->dir);
    lv_log_u64(&l, "directories", w->ndirs);
    lv_log_end(&l);
  }
  w->missing = false;
  uint64_t fp[2];
  lv_rules_fingerprint(fp, w->dir);
  if (fp[0] == w->fp[0] && fp[1] == w->fp[1]) return;
  w->fp[0] = fp[0];
  w->fp[1] = fp[1];
  w->cb(w->ctx);
}

static void fs_event(uv_fs_event_t *h, const char *filename, int events, int status) {
  (void)filename;
  (void)events;
  (void)status;
  dirwatch *d = h->data;
  lv_watch *w = d->owner;
  if (w->stopping) return;
  /* Wait for the directory to be quiet for debounce_ms. */
  uv_timer_start(&w->timer, settled, w->debounce_ms, 0);
}

/* inotify says nothing when a parent of the directory is moved or
 * replaced, and after the directory itself is deleted its watch is gone:
 * the path is looked at every POLL_MS, and a change of what it names (or
 * its coming back) is handled as a change inside it, debounced. */
static void poll_dir(uv_timer_t *t) {
  lv_watch *w = t->data;
  if (w->stopping || uv_is_active((uv_handle_t *)&w->timer)) return;
  struct stat st;
  bool present = stat(w->dir, &st) == 0 && S_ISDIR(st.st_mode);
  if (w->missing ? present : !present || !top_same(w, &st)) uv_timer_start(&w->timer, settled, w->debounce_ms, 0);
}

static void timer_closed(uv_handle_t *h) {
  lv_watch *w = h->data;
  if (--w->open_handles == 0) free_watch(w);
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
  uv_timer_init(loop, &w->poll);
  w->poll.data = w;
  w->open_handles = 2;
  rewatch(w);
  if (w->ndirs == 0) {
    snprintf(err, errlen, "cannot watch '%s'", dir);
    lv_watch_stop(w);
    return -1;
  }
  uv_timer_start(&w->poll, poll_dir, POLL_MS, POLL_MS);
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
  close_watches(w);
  uv_close((uv_handle_t *)&w->timer, timer_closed);
  uv_close((uv_handle_t *)&w->poll, timer_closed);
}
