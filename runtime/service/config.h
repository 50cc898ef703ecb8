/* config.h - levind's settings: defaults, then the JSON config file, then
 * the environment (secrets only), then the command line. Every flag
 * --some-name is the config key "some-name" too (docs/levind.md lists
 * them); secrets have no flags, only files, the environment and the config
 * file, and are never printed. */
#ifndef LV_SVC_CONFIG_H
#define LV_SVC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver/ruleset.h"
#include "lv_buf.h"

typedef struct lv_config {
  char **servers;
  uint32_t nservers;
  char *rules;
  char *queue;
  char *name;
  char *prefix;
  char *user;
  char *password;      /* secret */
  char *password_file;
  char *token;         /* secret */
  char *token_file;
  char *nkey;          /* public key (U...) */
  char *nkey_seed;     /* file */
  char *creds;         /* file */
  bool tls;
  char *tls_ca, *tls_cert, *tls_key, *tls_hostname;
  int64_t connect_timeout_ms;
  int64_t reconnect_wait_ms;
  int64_t reconnect_max_wait_ms;
  int64_t max_reconnects; /* -1: forever */
  int64_t reconnect_buffer;
  char *metrics;
  lv_log_level log_level;
  int64_t max_payload;
  int64_t max_json_depth;
  int64_t max_pending;
  int64_t max_pending_bytes;
  int64_t max_outbound_bytes;
  int64_t eval_memory;
  int64_t drain_timeout_ms;
  bool watch;
  int64_t reload_debounce_ms;
  int64_t latency_sample;
  int64_t opt_level;
  bool check_config; /* print the settings and exit */
} lv_config;

/* Outcome of reading the arguments. */
enum { LV_CONFIG_RUN = 0, LV_CONFIG_EXIT_OK = 1, LV_CONFIG_EXIT_USAGE = 2 };

/* Fills c from argv (and --config FILE, and the environment). Prints help,
 * the version or an error itself when it says to exit. */
int lv_config_load(lv_config *c, int argc, char **argv);
void lv_config_free(lv_config *c);
/* The settings as one JSON object, secrets shown as "***". */
void lv_config_print(const lv_config *c, lv_buf *out);

#endif
