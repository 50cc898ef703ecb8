/* load.c - finding, reading and parsing rule files and their imports. */
#include "driver/load.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct loaded {
  char *real;  /* canonical path: the identity of a file */
  lv_file *file;
  int state;   /* 1 loading (on the import stack), 2 done */
} loaded;

typedef struct loader {
  lv_program *p;
  loaded *files;
  uint32_t n, cap;
  char **dirs; /* canonical paths of the directories searched: each once */
  uint32_t ndirs, capdirs;
  bool ok;
} loader;

/* A diagnostic about a file as a whole, sorted among the files' own where
 * that file would have been loaded (cli.md: "sorted by file, in load order"). */
static void file_error(loader *l, const char *path, lv_diag_code code, const char *what, const char *why) {
  lv_diag *g = lv_diag_add_path(l->p->diags, code, path, "%s '%s': %s", what, path, why);
  g->file_order = l->p->nfiles;
  l->ok = false;
}

static loaded *find(loader *l, const char *real) {
  for (uint32_t i = 0; i < l->n; i++)
    if (strcmp(l->files[i].real, real) == 0) return &l->files[i];
  return NULL;
}

static bool has_rule_suffix(const char *name) {
  size_t n = strlen(name);
  return n > 5 && strcmp(name + n - 5, ".rule") == 0;
}

static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *s = malloc(a + b + 2);
  if (!s) abort();
  memcpy(s, dir, a);
  size_t k = a;
  if (a && dir[a - 1] != '/') s[k++] = '/';
  memcpy(s + k, name, b + 1);
  return s;
}

static lv_file *load_file(loader *l, const char *path, lv_source *from, lv_span from_span);

/* Loads the imports of f, depth first, reporting cycles at the import that
 * closes them. */
static void load_imports(loader *l, lv_file *f, const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
  if (!dir) abort();
  for (uint32_t i = 0; i < f->n; i++) {
    lv_decl *d = f->decls[i];
    if (d->kind != LV_D_IMPORT) continue;
    const char *ip = d->u.import.path;
    if (strlen(ip) != d->u.import.path_len) {
      lv_diag_add(l->p->diags, LV_D_IMPORT_NOT_FOUND, f->src, d->u.import.path_span,
                  "an import path cannot contain a NUL character");
      l->ok = false;
      continue;
    }
    char *target = ip[0] == '/' ? strdup(ip) : (slash ? join(dir, ip) : strdup(ip));
    if (!target) abort();
    char real[PATH_MAX];
    if (!realpath(target, real)) {
      lv_diag *g = lv_diag_add(l->p->diags, LV_D_IMPORT_NOT_FOUND, f->src, d->u.import.path_span,
                               "cannot import '%s': %s", ip, strerror(errno));
      if (ip[0] != '/')
        lv_diag_help(g, l->p->diags, "import paths are relative to the importing file (here: %s)", target);
      l->ok = false;
      free(target);
      continue;
    }
    loaded *seen = find(l, real);
    if (seen && seen->state == 1) {
      /* The files being loaded (state 1) are the import chain, in order. */
      lv_buf chain = LV_BUF_INIT;
      for (loaded *x = seen; x < l->files + l->n; x++)
        if (x->state == 1 && x->file) lv_buf_printf(&chain, "%s -> ", x->file->src->path);
      lv_buf_puts(&chain, seen->file ? seen->file->src->path : ip);
      lv_diag *g = lv_diag_add(l->p->diags, LV_D_IMPORT_CYCLE, f->src, d->span, "import cycle: %s", chain.data);
      lv_buf_free(&chain);
      lv_diag_help(g, l->p->diags, "move what both files need into a third file that both import");
      l->ok = false;
      free(target);
      continue;
    }
    d->u.import.target = seen ? seen->file : load_file(l, target, f->src, d->u.import.path_span);
    free(target);
  }
  free(dir);
}

/* path: a file given on the command line, found in a directory, or (from
 * set) named by an import at from_span, whose errors are reported there. */
static lv_file *load_file(loader *l, const char *path, lv_source *from, lv_span from_span) {
  char real[PATH_MAX];
  if (!realpath(path, real)) {
    if (from) {
      lv_diag_add(l->p->diags, LV_D_IMPORT_NOT_FOUND, from, from_span, "cannot import '%s': %s", path,
                  strerror(errno));
      l->ok = false;
    } else {
      file_error(l, path, LV_D_FILE_READ, "cannot read", strerror(errno));
    }
    return NULL;
  }
  loaded *seen = find(l, real);
  if (seen) return seen->file;
  char why[256];
  lv_source *src = lv_source_read(l->p->arena, path, why, sizeof why);
  if (!src) {
    if (from) {
      lv_diag_add(l->p->diags, LV_D_IMPORT_NOT_FOUND, from, from_span, "cannot import '%s': %s", path, why);
      l->ok = false;
    } else {
      file_error(l, path, LV_D_FILE_READ, "cannot read", why);
    }
    return NULL;
  }
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->files = realloc(l->files, l->cap * sizeof *l->files);
    if (!l->files) abort();
  }
  uint32_t idx = l->n++;
  l->files[idx].real = strdup(real);
  l->files[idx].state = 1;
  lv_file *f = lv_parse_file(l->p->pcx, src);
  l->files[idx].file = f;
  lv_program_add_file(l->p, f);
  if (f->had_syntax_error) l->ok = false;
  load_imports(l, f, path);
  l->files[idx].state = 2;
  return f;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether the directory dir was searched already (by its canonical path):
 * symbolic links back up the tree would otherwise repeat a search, and two
 * of them double it at every level. */
static bool dir_seen(loader *l, const char *dir) {
  char real[PATH_MAX];
  if (!realpath(dir, real)) return false; /* opendir reports it */
  for (uint32_t i = 0; i < l->ndirs; i++)
    if (strcmp(l->dirs[i], real) == 0) return true;
  if (l->ndirs == l->capdirs) {
    l->capdirs = l->capdirs ? l->capdirs * 2 : 16;
    l->dirs = realloc(l->dirs, l->capdirs * sizeof *l->dirs);
    if (!l->dirs) abort();
  }
  l->dirs[l->ndirs] = strdup(real);
  if (!l->dirs[l->ndirs]) abort();
  l->ndirs++;
  return false;
}

/* Directories: every *.rule below, in sorted order so runs are repeatable. */
static int load_dir(loader *l, const char *dir, int depth) {
  if (depth > 32 || dir_seen(l, dir)) return 0;
  DIR *d = opendir(dir);
  if (!d) {
    file_error(l, dir, LV_D_FILE_READ, "cannot read directory", strerror(errno));
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue; /* hidden files, editors' swap files */
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      names = realloc(names, cap * sizeof *names);
      if (!names) abort();
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  if (n > 1) qsort(names, n, sizeof *names, cmp_str); /* names is NULL when n == 0 */
  int found = 0;
  for (size_t i = 0; i < n; i++) {
    char *path = join(dir, names[i]);
    struct stat st;
    if (stat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode)) found += load_dir(l, path, depth + 1);
      else if (has_rule_suffix(names[i])) {
        load_file(l, path, NULL, lv_span_make(0, 0));
        found++;
      }
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return found;
}

bool lv_load_paths(lv_program *p, const char *const *paths, int npaths) {
  loader l = {p, NULL, 0, 0, NULL, 0, 0, true};
  for (int i = 0; i < npaths; i++) {
    struct stat st;
    if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      uint32_t before = l.ndirs;
      if (load_dir(&l, paths[i], 0) == 0 && l.ndirs > before) {
        lv_diag *g = lv_diag_add_path(p->diags, LV_D_NO_RULE_FILES, paths[i], "no .rule files in '%s'", paths[i]);
        g->file_order = p->nfiles;
        l.ok = false;
      }
    } else {
      load_file(&l, paths[i], NULL, lv_span_make(0, 0));
    }
  }
  for (uint32_t i = 0; i < l.n; i++) free(l.files[i].real);
  free(l.files);
  for (uint32_t i = 0; i < l.ndirs; i++) free(l.dirs[i]);
  free(l.dirs);
  return l.ok;
}

bool lv_load_source(lv_program *p, lv_source *src) {
  lv_file *f = lv_parse_file(p->pcx, src);
  lv_program_add_file(p, f);
  for (uint32_t i = 0; i < f->n; i++) {
    if (f->decls[i]->kind == LV_D_IMPORT) {
      lv_diag_add(p->diags, LV_D_IMPORT_NOT_FOUND, src, f->decls[i]->span,
                  "imports need a file on disk; this source has none");
      return false;
    }
  }
  return !f->had_syntax_error;
}
