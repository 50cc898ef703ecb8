/* config.c - flags, config file and environment into lv_config. */
#include "service/config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lv_json.h"
#include "lv_values.h"
#include "metrics/http.h"
#include "metrics/log.h"

/* T_ADDR: a string checked as a listening address (HOST:PORT). */
typedef enum { T_STR, T_LIST, T_INT, T_BOOL, T_LEVEL, T_SECRET, T_ADDR } opt_type;

typedef struct opt {
  const char *name;
  opt_type type;
  size_t offset;
  int64_t lo, hi;   /* T_INT */
  bool file_only;   /* a config-file key with no flag (secrets) */
  const char *arg;  /* for --help */
  const char *help;
} opt;

#define OFF(f) offsetof(lv_config, f)
#define GiB (1LL << 30)

static const opt opts[] = {
    {"nats", T_LIST, OFF(servers), 0, 0, false, "URL",
     "NATS server URL; repeat or separate with commas for several (default nats://127.0.0.1:4222)"},
    {"rules", T_STR, OFF(rules), 0, 0, false, "DIR", "directory of .rule files (required)"},
    {"queue", T_STR, OFF(queue), 0, 0, false, "GROUP", "subscribe as this queue group (levinds share the events)"},
    {"name", T_STR, OFF(name), 0, 0, false, "NAME", "connection name (default levind-HOST-PID)"},
    {"prefix", T_STR, OFF(prefix), 0, 0, false, "P", "subject prefix of dead letters and stats (default levin)"},
    {"user", T_STR, OFF(user), 0, 0, false, "USER", "user name (password from LEVIND_NATS_PASSWORD or --password-file)"},
    {"password", T_SECRET, OFF(password), 0, 0, true, NULL, NULL},
    {"password-file", T_STR, OFF(password_file), 0, 0, false, "FILE", "file holding the password"},
    {"token", T_SECRET, OFF(token), 0, 0, true, NULL, NULL},
    {"token-file", T_STR, OFF(token_file), 0, 0, false, "FILE",
     "file holding the authentication token (or LEVIND_NATS_TOKEN)"},
    {"nkey", T_STR, OFF(nkey), 0, 0, false, "PUBKEY", "NKey public key (U...); default: read from the seed file"},
    {"nkey-seed", T_STR, OFF(nkey_seed), 0, 0, false, "FILE", "file holding the NKey seed (SU...)"},
    {"creds", T_STR, OFF(creds), 0, 0, false, "FILE", "NATS .creds file (user JWT and seed)"},
    {"tls", T_BOOL, OFF(tls), 0, 0, false, NULL, "require TLS (implied by tls-* options and tls:// URLs)"},
    {"tls-ca", T_STR, OFF(tls_ca), 0, 0, false, "FILE", "CA certificates to trust (PEM)"},
    {"tls-cert", T_STR, OFF(tls_cert), 0, 0, false, "FILE", "client certificate chain (PEM)"},
    {"tls-key", T_STR, OFF(tls_key), 0, 0, false, "FILE", "client private key (PEM)"},
    {"tls-hostname", T_STR, OFF(tls_hostname), 0, 0, false, "NAME", "expected server host name"},
    {"connect-timeout", T_INT, OFF(connect_timeout_ms), 1, 600000, false, "MS", "connection timeout (default 2000)"},
    {"reconnect-wait", T_INT, OFF(reconnect_wait_ms), 1, 3600000, false, "MS",
     "first reconnect delay, doubled per round up to --reconnect-max-wait (default 250)"},
    {"reconnect-max-wait", T_INT, OFF(reconnect_max_wait_ms), 1, 3600000, false, "MS",
     "longest reconnect delay (default 8000)"},
    {"max-reconnects", T_INT, OFF(max_reconnects), -1, 1000000000, false, "N",
     "reconnect attempts before giving up; -1 forever (default -1)"},
    {"reconnect-buffer", T_INT, OFF(reconnect_buffer), 0, GiB, false, "BYTES",
     "publishes held while reconnecting (default 8388608)"},
    {"metrics", T_ADDR, OFF(metrics), 0, 0, false, "HOST:PORT", "serve /metrics and /healthz over HTTP (port 0: any)"},
    {"log-level", T_LEVEL, OFF(log_level), 0, 0, false, "LEVEL", "debug, info, warn or error (default info)"},
    {"max-payload", T_INT, OFF(max_payload), 2, GiB, false, "BYTES",
     "largest event payload; larger ones are dead letters (default 1048576)"},
    {"max-json-depth", T_INT, OFF(max_json_depth), 1, 512, false, "N",
     "deepest nesting in an event; deeper ones are dead letters (default 64)"},
    {"max-pending", T_INT, OFF(max_pending), 1, 100000000, false, "N",
     "events queued per subscription before NATS drops them (default 65536)"},
    {"max-pending-bytes", T_INT, OFF(max_pending_bytes), 1024, 2 * GiB - 1, false, "BYTES",
     "bytes queued per subscription before NATS drops events (default 67108864)"},
    {"max-outbound-bytes", T_INT, OFF(max_outbound_bytes), 65536, 2 * GiB - 1, false, "BYTES",
     "publishes waiting for the server before event processing pauses (default 33554432)"},
    {"eval-memory", T_INT, OFF(eval_memory), 65536, 64 * GiB, false, "BYTES",
     "memory one event's evaluation may use (default 67108864)"},
    {"drain-timeout", T_INT, OFF(drain_timeout_ms), 1, 3600000, false, "MS",
     "on SIGTERM, longest wait for events in hand (default 30000)"},
    {"watch", T_BOOL, OFF(watch), 0, 0, false, NULL, "reload when the rule files change (default on; --no-watch)"},
    {"reload-debounce", T_INT, OFF(reload_debounce_ms), 0, 60000, false, "MS",
     "quiet time after a change before reloading (default 200)"},
    {"latency-sample", T_INT, OFF(latency_sample), 1, 1000000, false, "N",
     "time one event in N for the latency histogram (default 8)"},
    {"opt-level", T_INT, OFF(opt_level), -1, 3, false, "N",
     "optimization of rule code: 0-3, or -1 automatic as levin's default (default -1)"},
};
#define NOPTS (sizeof opts / sizeof opts[0])

static const char usage_head[] =
    "usage: levind --rules DIR [--nats URL] [options]\n"
    "\n"
    "Runs Levin rules on events from NATS: subscribes to every stream's subject, decodes,\n"
    "matches, publishes actions, reloads the rules when they change (or on SIGHUP), and\n"
    "drains on SIGTERM. Logs are JSON lines on stderr. See docs/levind.md.\n"
    "\n"
    "options (each is also a key of the --config file):\n";

static const char usage_tail[] =
    "  --config FILE              JSON file of the options above (flags override it)\n"
    "  --check-config             print the settings (secrets hidden) and exit\n"
    "  --help, --version\n"
    "\n"
    "Secrets: LEVIND_NATS_PASSWORD, LEVIND_NATS_TOKEN, the *-file options, or the config\n"
    "keys \"password\" and \"token\"; never on the command line, never logged.\n"
    "Exit status: 0 after a clean drain; 1 the rules or the connection failed at start, or\n"
    "the drain timed out; 2 usage or configuration error.\n";

static void print_help(void) {
  fputs(usage_head, stdout);
  for (size_t i = 0; i < NOPTS; i++) {
    const opt *o = &opts[i];
    if (o->file_only) continue;
    char left[64];
    if (o->type == T_BOOL) snprintf(left, sizeof left, "--%s, --no-%s", o->name, o->name);
    else snprintf(left, sizeof left, "--%s %s", o->name, o->arg);
    printf("  %-26s %s\n", left, o->help);
  }
  fputs(usage_tail, stdout);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "levind: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n(levind --help lists the options)\n");
  va_end(ap);
  return LV_CONFIG_EXIT_USAGE;
}

static void set_str(char **slot, const char *v) {
  free(*slot);
  *slot = strdup(v);
  if (!*slot) abort();
}

static void list_free(lv_config *c) {
  for (uint32_t i = 0; i < c->nservers; i++) free(c->servers[i]);
  free(c->servers);
  c->servers = NULL;
  c->nservers = 0;
}

/* Adds one URL (spaces around it trimmed); false if it is empty. */
static bool list_add(lv_config *c, const char *v, size_t n) {
  while (n && (*v == ' ')) v++, n--;
  while (n && v[n - 1] == ' ') n--;
  if (!n) return false;
  c->servers = realloc(c->servers, (c->nservers + 1) * sizeof *c->servers);
  if (!c->servers) abort();
  c->servers[c->nservers] = strndup(v, n);
  if (!c->servers[c->nservers]) abort();
  c->nservers++;
  return true;
}

/* A comma-separated list of URLs; false if it is empty or an item is (an
 * empty server list must not quietly become the default server). */
static bool list_add_csv(lv_config *c, const char *v) {
  bool ok = true;
  for (;;) {
    const char *comma = strchr(v, ',');
    ok &= list_add(c, v, comma ? (size_t)(comma - v) : strlen(v));
    if (!comma) break;
    v = comma + 1;
  }
  return ok;
}

/* Sets an option from text (a flag's argument). */
static int set_text(lv_config *c, const opt *o, const char *v, const char *where) {
  void *slot = (char *)c + o->offset;
  switch (o->type) {
  case T_STR:
  case T_SECRET: set_str(slot, v); return 0;
  case T_ADDR: {
    struct sockaddr_storage sa;
    char why[400];
    if (lv_http_parse_addr(v, &sa, why, sizeof why) != 0) return usage_error("%s: %s", where, why);
    set_str(slot, v);
    return 0;
  }
  case T_LIST:
    if (!list_add_csv(c, v))
      return usage_error("%s takes a URL or a comma-separated list of URLs, not '%s' (an empty URL)", where, v);
    return 0;
  case T_INT: {
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || end == v || *end || x < o->lo || x > o->hi)
      return usage_error("%s takes a whole number from %lld to %lld, not '%s'", where, (long long)o->lo,
                         (long long)o->hi, v);
    *(int64_t *)slot = x;
    return 0;
  }
  case T_LEVEL:
    if (!lv_log_level_parse(v, slot)) return usage_error("%s takes debug, info, warn or error, not '%s'", where, v);
    return 0;
  case T_BOOL: return 0;
  }
  return 0;
}

/* --- the config file --------------------------------------------------------------- */

static char *read_text(const char *path, size_t *len, size_t max) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  lv_buf b = LV_BUF_INIT;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    lv_buf_putsn(&b, chunk, n);
    if (b.len > max) break;
  }
  fclose(f);
  if (!b.data) lv_buf_putsn(&b, "", 0);
  *len = b.len;
  return lv_buf_take(&b);
}

static const opt *find_opt(const char *name, size_t n) {
  for (size_t i = 0; i < NOPTS; i++)
    if (strlen(opts[i].name) == n && memcmp(opts[i].name, name, n) == 0) return &opts[i];
  return NULL;
}

/* What --check-config prints in place of a secret. */
static const char secret_placeholder[] = "***";

static int set_value(lv_config *c, const opt *o, const lv_value *v, const char *path, bool *placeholder) {
  char where[600];
  snprintf(where, sizeof where, "config file %s: \"%s\"", path, o->name);
  void *slot = (char *)c + o->offset;
  /* null is "not set": the key is as if absent, so the output of
   * --check-config (null for what is not set) reads back the same. */
  if (v->tag == LV_NULL) return 0;
  if (o->type == T_SECRET && v->tag == LV_STRING && v->aux == sizeof secret_placeholder - 1 &&
      memcmp(v->v.s, secret_placeholder, v->aux) == 0) {
    /* --check-config's stand-in, not a secret: the secret must come from
     * its file or the environment (checked once those are read). */
    *placeholder = true;
    return 0;
  }
  switch (o->type) {
  case T_BOOL:
    if (v->tag != LV_BOOL) return usage_error("%s takes true or false", where);
    *(bool *)slot = v->v.b;
    return 0;
  case T_INT:
    if (v->tag != LV_DOUBLE || v->v.d != (double)(long long)v->v.d) return usage_error("%s takes a whole number", where);
    {
      char text[32];
      snprintf(text, sizeof text, "%lld", (long long)v->v.d);
      return set_text(c, o, text, where);
    }
  case T_LIST:
    if (v->tag == LV_STRING) {
      char *s = strndup(v->v.s, v->aux);
      bool ok = list_add_csv(c, s);
      free(s);
      if (!ok) return usage_error("%s takes a URL or a list of URLs, not an empty string", where);
      return 0;
    }
    if (v->tag != LV_LIST) return usage_error("%s takes a URL or a list of URLs", where);
    {
      const lv_list *l = v->v.p;
      if (!l || l->len == 0) return usage_error("%s is an empty list (leave the key out for the default)", where);
      for (uint32_t i = 0; i < l->len; i++) {
        if (l->items[i].tag != LV_STRING) return usage_error("%s takes a list of strings", where);
        if (!list_add(c, l->items[i].v.s, l->items[i].aux))
          return usage_error("%s: item %u is an empty URL", where, i + 1);
      }
    }
    return 0;
  default:
    if (v->tag != LV_STRING) return usage_error("%s takes a string", where);
    if (memchr(v->v.s, 0, v->aux)) return usage_error("%s holds a NUL character", where);
    {
      char *s = strndup(v->v.s, v->aux);
      int rc = set_text(c, o, s, where);
      free(s);
      return rc;
    }
  }
}

static int load_file(lv_config *c, const char *path, bool placeholders[]) {
  size_t len;
  char *text = read_text(path, &len, 1 << 20);
  if (!text) return usage_error("cannot read config file %s: %s", path, strerror(errno));
  if (len > 1 << 20) {
    free(text);
    return usage_error("config file %s is larger than 1 MiB", path);
  }
  lv_arena a;
  lv_arena_init(&a, 16384, 0);
  lv_ctx cx = {&a, NULL, NULL, NULL};
  lv_value v;
  lv_json_error jerr;
  int rc = LV_CONFIG_RUN;
  if (lv_json_parse(&cx, &v, text, len, 16, &jerr) != 0) {
    char msg[300];
    snprintf(msg, sizeof msg, "%s (at byte %u)", jerr.msg, jerr.offset);
    rc = usage_error("config file %s: %s", path, msg);
  } else if (v.tag != LV_MAP) {
    rc = usage_error("config file %s: expected a JSON object of options", path);
  } else {
    const lv_map *m = v.v.p;
    for (uint32_t i = 0; m && i < m->len && rc == LV_CONFIG_RUN; i++) {
      const lv_value *k = &m->keys[i];
      const opt *o = find_opt(k->v.s, k->aux);
      if (!o) {
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)(k->aux > 100 ? 100 : k->aux), k->v.s);
        rc = usage_error("config file %s: unknown key \"%s\"", path, key);
      } else {
        rc = set_value(c, o, &m->vals[i], path, &placeholders[o - opts]);
      }
    }
  }
  lv_arena_free(&a);
  free(text);
  return rc;
}

/* A secret file: its first line (so a trailing newline is not part of it). */
static int read_secret(char **slot, const char *path, const char *what) {
  size_t len;
  char *text = read_text(path, &len, 65536);
  if (!text) return usage_error("cannot read the %s file %s", what, path);
  text[strcspn(text, "\r\n")] = 0;
  free(*slot);
  *slot = text;
  return 0;
}

static void defaults(lv_config *c) {
  memset(c, 0, sizeof *c);
  set_str(&c->prefix, "levin");
  c->connect_timeout_ms = 2000;
  c->reconnect_wait_ms = 250;
  c->reconnect_max_wait_ms = 8000;
  c->max_reconnects = -1;
  c->reconnect_buffer = 8 << 20;
  c->log_level = LV_LOG_INFO;
  c->max_payload = 1 << 20;
  c->max_json_depth = 64;
  c->max_pending = 65536;
  c->max_pending_bytes = 64 << 20;
  c->max_outbound_bytes = 32 << 20;
  c->eval_memory = 64 << 20;
  c->drain_timeout_ms = 30000;
  c->watch = true;
  c->reload_debounce_ms = 200;
  c->latency_sample = 8;
  c->opt_level = -1;
}

/* Subject tokens: the prefix becomes part of subjects. */
static bool valid_prefix(const char *p) {
  if (!*p) return false;
  const char *tok = p;
  for (const char *s = p;; s++) {
    if (*s == '.' || *s == 0) {
      if (s == tok) return false;
      if (*s == 0) return true;
      tok = s + 1;
    } else if (*s == '*' || *s == '>' || (unsigned char)*s <= ' ' || *s == 0x7f) {
      return false;
    }
  }
}

int lv_config_load(lv_config *c, int argc, char **argv) {
  defaults(c);
  /* getopt table: every option, its --no- form for booleans, and the
   * flag-only ones. val = index + 1 (bools: negative for --no-). */
  struct option lo[2 * NOPTS + 5];
  char nonames[NOPTS][64];
  size_t k = 0;
  for (size_t i = 0; i < NOPTS; i++) {
    if (opts[i].file_only) continue;
    lo[k++] = (struct option){opts[i].name, opts[i].type == T_BOOL ? no_argument : required_argument, NULL, (int)i + 1};
    if (opts[i].type == T_BOOL) {
      snprintf(nonames[i], sizeof nonames[i], "no-%s", opts[i].name);
      lo[k++] = (struct option){nonames[i], no_argument, NULL, 1000 + (int)i};
    }
  }
  lo[k++] = (struct option){"config", required_argument, NULL, 900};
  lo[k++] = (struct option){"check-config", no_argument, NULL, 901};
  lo[k++] = (struct option){"help", no_argument, NULL, 902};
  lo[k++] = (struct option){"version", no_argument, NULL, 903};
  lo[k] = (struct option){NULL, 0, NULL, 0};

  /* Pass 1: --config, --help, --version, and unknown options. */
  const char *config_path = NULL;
  int ch;
  opterr = 0;
  optind = 1;
  while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
    if (ch == 900) config_path = optarg;
    else if (ch == 902) {
      print_help();
      return LV_CONFIG_EXIT_OK;
    } else if (ch == 903) {
      printf("levind %s (LLVM %s)\n", LEVIN_VERSION, LEVIN_LLVM_VERSION);
      return LV_CONFIG_EXIT_OK;
    } else if (ch == '?' || ch == ':') {
      const char *bad = argv[optind - 1];
      if (ch == ':') return usage_error("option '%s' needs a value", bad);
      return usage_error("unknown option '%s'", bad);
    }
  }
  if (optind < argc) return usage_error("unexpected argument '%s'", argv[optind]);
  bool placeholders[NOPTS] = {false};
  if (config_path) {
    int rc = load_file(c, config_path, placeholders);
    if (rc != LV_CONFIG_RUN) return rc;
  }
  /* Environment: secrets. */
  const char *env;
  if ((env = getenv("LEVIND_NATS_PASSWORD")) && *env) set_str(&c->password, env);
  if ((env = getenv("LEVIND_NATS_TOKEN")) && *env) set_str(&c->token, env);
  /* Pass 2: the flags override. A --nats flag replaces the file's list. */
  bool nats_flag = false;
  optind = 1;
  while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
    if (ch >= 1000) {
      *(bool *)((char *)c + opts[ch - 1000].offset) = false;
    } else if (ch >= 1 && ch <= (int)NOPTS) {
      const opt *o = &opts[ch - 1];
      if (o->type == T_BOOL) {
        *(bool *)((char *)c + o->offset) = true;
        continue;
      }
      if (o->type == T_LIST && !nats_flag) {
        list_free(c);
        nats_flag = true;
      }
      char where[80];
      snprintf(where, sizeof where, "--%s", o->name);
      int rc = set_text(c, o, optarg, where);
      if (rc != LV_CONFIG_RUN) return rc;
    } else if (ch == 901) {
      c->check_config = true;
    }
  }
  /* Secret files (flags or config) win over the environment. */
  if (c->password_file && read_secret(&c->password, c->password_file, "password") != 0) return LV_CONFIG_EXIT_USAGE;
  if (c->token_file && read_secret(&c->token, c->token_file, "token") != 0) return LV_CONFIG_EXIT_USAGE;
  for (size_t i = 0; i < NOPTS; i++) {
    if (placeholders[i] && !*(char **)((char *)c + opts[i].offset)) {
      const char *n = opts[i].name; /* "password" or "token" */
      char env_name[64];
      snprintf(env_name, sizeof env_name, "LEVIND_NATS_%s", strcmp(n, "password") == 0 ? "PASSWORD" : "TOKEN");
      return usage_error("config file %s: \"%s\" is \"%s\", which --check-config prints in place of a secret; "
                         "give the %s itself, %s-file or %s",
                         config_path, n, secret_placeholder, n, n, env_name);
    }
  }

  if (c->nservers == 0) list_add_csv(c, "nats://127.0.0.1:4222");
  if (!c->rules) return usage_error("--rules DIR is required");
  if (!c->name) {
    char host[256] = "host";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = 0;
    char name[320];
    snprintf(name, sizeof name, "levind-%s-%ld", host, (long)getpid());
    set_str(&c->name, name);
  }
  if (!valid_prefix(c->prefix)) return usage_error("prefix '%s' is not a valid subject (no wildcards, spaces or empty tokens)", c->prefix);
  if (c->queue && (!*c->queue || strpbrk(c->queue, " \t\r\n.*>")))
    return usage_error("queue group '%s' must be one token (no '.', '*', '>' or spaces)", c->queue);
  if (c->token && c->user) return usage_error("use either a user (and password) or a token, not both");
  /* nats.c keeps one signature handler: the second would silently win. */
  if (c->creds && c->nkey_seed) return usage_error("use either creds or nkey-seed, not both");
  if ((c->tls_cert != NULL) != (c->tls_key != NULL))
    return usage_error("tls-cert and tls-key go together");
  if (c->reconnect_max_wait_ms < c->reconnect_wait_ms) c->reconnect_max_wait_ms = c->reconnect_wait_ms;
  if (c->tls_ca || c->tls_cert || c->tls_hostname) c->tls = true;
  return LV_CONFIG_RUN;
}

void lv_config_free(lv_config *c) {
  list_free(c);
  for (size_t i = 0; i < NOPTS; i++) {
    if (opts[i].type == T_STR || opts[i].type == T_SECRET || opts[i].type == T_ADDR) {
      char **slot = (char **)((char *)c + opts[i].offset);
      if (opts[i].type == T_SECRET && *slot) memset(*slot, 0, strlen(*slot));
      free(*slot);
      *slot = NULL;
    }
  }
}

void lv_config_print(const lv_config *c, lv_buf *out) {
  lv_buf_putc(out, '{');
  for (size_t i = 0; i < NOPTS; i++) {
    const opt *o = &opts[i];
    const void *slot = (const char *)c + o->offset;
    if (i) lv_buf_putc(out, ',');
    lv_buf_put_json_string(out, o->name, strlen(o->name));
    lv_buf_putc(out, ':');
    switch (o->type) {
    case T_STR:
    case T_ADDR: {
      const char *s = *(char *const *)slot;
      if (s) lv_buf_put_json_string(out, s, strlen(s));
      else lv_buf_puts(out, "null");
      break;
    }
    case T_SECRET: lv_buf_puts(out, *(char *const *)slot ? "\"***\"" : "null"); break;
    case T_LIST:
      lv_buf_putc(out, '[');
      for (uint32_t k = 0; k < c->nservers; k++) {
        char red[1024];
        lv_log_redact_url(red, sizeof red, c->servers[k]);
        if (k) lv_buf_putc(out, ',');
        lv_buf_put_json_string(out, red, strlen(red));
      }
      lv_buf_putc(out, ']');
      break;
    case T_INT: lv_buf_printf(out, "%lld", (long long)*(const int64_t *)slot); break;
    case T_BOOL: lv_buf_puts(out, *(const bool *)slot ? "true" : "false"); break;
    case T_LEVEL: lv_buf_printf(out, "\"%s\"", lv_log_level_name(*(const lv_log_level *)slot)); break;
    }
  }
  lv_buf_puts(out, "}\n");
}
