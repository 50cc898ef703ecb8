/* auth.c - NKey and .creds signatures made by levind (see auth.h for why). */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "bus/auth.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Credential files are a few kilobytes; anything past this is not one. */
#define MAX_SECRET_FILE (64 * 1024)

static void wipe_free(char *p) {
  if (!p) return;
  explicit_bzero(p, strlen(p));
  free(p);
}

/* The whole file as a string, or NULL with why set. */
static char *file_read(const char *path, const char **why) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *why = "cannot open the file";
    return NULL;
  }
  char *buf = malloc(MAX_SECRET_FILE + 1);
  size_t n = buf ? fread(buf, 1, MAX_SECRET_FILE + 1, f) : 0;
  bool bad = ferror(f) != 0;
  fclose(f);
  if (!buf || bad || n > MAX_SECRET_FILE) {
    if (buf) explicit_bzero(buf, n);
    free(buf);
    *why = !buf ? "out of memory" : bad ? "cannot read the file" : "the file is larger than 64 KiB";
    return NULL;
  }
  buf[n] = 0;
  return buf;
}

/* The next line of *p, cut at '\n' and with trailing blanks and '\r'
 * removed; NULL at the end. */
static char *next_line(char **p) {
  if (!*p || !**p) return NULL;
  char *line = *p, *nl = strchr(line, '\n');
  if (nl) {
    *nl = 0;
    *p = nl + 1;
  } else {
    *p = line + strlen(line);
  }
  size_t len = strlen(line);
  while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t')) line[--len] = 0;
  while (*line == ' ' || *line == '\t') line++;
  return line;
}

/* "-----BEGIN NATS USER JWT-----", "------END USER NKEY SEED------": a line
 * that starts and ends with three dashes. */
static bool is_header(const char *line) {
  size_t len = strlen(line);
  return len >= 6 && strncmp(line, "---", 3) == 0 && strcmp(line + len - 3, "---") == 0;
}

char *lv_bus_creds_item(const char *path, int item, const char **why) {
  char *text = file_read(path, why);
  if (!text) return NULL;
  /* Items are single lines framed by header lines; blank lines between
   * are tolerated. */
  char *p = text, *line, *value = NULL, *found = NULL;
  int index = 0;
  bool open = false;
  while (!found && (line = next_line(&p))) {
    if (is_header(line)) {
      if (open && value) {
        if (index++ == item) found = strdup(value);
        open = false;
      } else {
        open = true;
      }
      value = NULL;
    } else if (open && *line) {
      if (value) open = false; /* two lines: not a secret block */
      else value = line;
    }
  }
  explicit_bzero(text, (size_t)(p - text) + strlen(p));
  free(text);
  if (!found) *why = item == 0 ? "no user JWT between '---' lines" : "no seed between '---' lines";
  return found;
}

char *lv_bus_seed_read(const char *seed_file, const char **why) {
  char *text = file_read(seed_file, why);
  if (!text) return NULL;
  char *p = text, *line, *found = NULL;
  while (!found && (line = next_line(&p))) {
    if (line[0] == 'S' && line[1] == 'U') {
      line[strcspn(line, " \t")] = 0;
      found = strdup(line);
    }
  }
  explicit_bzero(text, (size_t)(p - text) + strlen(p));
  free(text);
  if (!found) *why = "no line starting with SU (an NKey user seed)";
  return found;
}

static natsStatus fail_with(char **err_text, natsStatus st, const char *what, const char *path, const char *why) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s %s: %s", what, path, why);
  *err_text = strdup(buf);
  return st;
}

natsStatus lv_bus_auth_sign(char **err_text, unsigned char **sig, int *sig_len, const char *nonce, void *closure) {
  lv_bus_auth *a = closure;
  const char *why = NULL;
  char *seed = a->creds_file ? lv_bus_creds_item(a->seed_file, 1, &why) : lv_bus_seed_read(a->seed_file, &why);
  if (!seed) return fail_with(err_text, NATS_ERR, a->creds_file ? "creds" : "nkey-seed", a->seed_file, why);
  unsigned char *raw = NULL;
  int len = 0;
  natsStatus st = nats_Sign(seed, nonce, &raw, &len);
  wipe_free(seed);
  if (st != NATS_OK) {
    const char *detail = nats_GetLastError(NULL);
    return fail_with(err_text, st, "cannot sign with the seed of", a->seed_file,
                     detail ? detail : natsStatus_GetText(st));
  }
  if (len > 0 && raw[0] == 0) {
    /* nats.c 3.4.1 would send CONNECT without it (auth.h). */
    free(raw);
    atomic_fetch_add(&a->refused, 1);
    *err_text = strdup("the signature of this nonce starts with a zero byte, which nats.c 3.4.1 would drop; "
                       "trying again with a new nonce");
    return NATS_ERR;
  }
  *sig = raw;
  *sig_len = len;
  return NATS_OK;
}

static natsStatus user_jwt(char **jwt, char **err_text, void *closure) {
  lv_bus_auth *a = closure;
  const char *why = NULL;
  *jwt = lv_bus_creds_item(a->creds_file, 0, &why);
  return *jwt ? NATS_OK : fail_with(err_text, NATS_ERR, "creds", a->creds_file, why);
}

natsStatus lv_bus_auth_nkey(natsOptions *o, lv_bus_auth *a, const char *public_key, const char *seed_file) {
  a->seed_file = seed_file;
  a->creds_file = NULL;
  atomic_store(&a->refused, 0);
  return natsOptions_SetNKey(o, public_key, lv_bus_auth_sign, a);
}

natsStatus lv_bus_auth_creds(natsOptions *o, lv_bus_auth *a, const char *creds_file) {
  a->seed_file = creds_file;
  a->creds_file = creds_file;
  atomic_store(&a->refused, 0);
  return natsOptions_SetUserCredentialsCallbacks(o, user_jwt, a, lv_bus_auth_sign, a);
}

natsStatus lv_bus_auth_connect(natsConnection **nc, natsOptions *o, lv_bus_auth *a) {
  natsStatus st = NATS_ERR;
  for (int attempt = 0; attempt < LV_BUS_AUTH_ATTEMPTS; attempt++) {
    unsigned before = a ? atomic_load(&a->refused) : 0;
    st = natsConnection_Connect(nc, o);
    if (st == NATS_OK || !a || atomic_load(&a->refused) == before) break;
  }
  return st;
}
