/* auth.h - NKey and .creds authentication, signed by levind instead of
 * nats.c (docs/levind.md, "Credentials").
 *
 * Why: nats.c 3.4.1, the version Debian 12 ships, base64-encodes the
 * signature of the server's nonce with a routine that stops at a first
 * byte of 0 as if it were an empty string. One nonce in 256 therefore
 * gets a CONNECT without "sig", which the server refuses ("Authorization
 * Violation"): levind failed to start about once in 256 starts, and a
 * reconnect could fail the same way. (Upstream fixed it after 3.4.1.)
 *
 * So levind signs the nonce itself (nats_Sign) and refuses a signature
 * that starts with 0 before anything is sent: that attempt fails on the
 * client, lv_bus_auth_connect tries the first connection again with a new
 * nonce, and nats.c's reconnect loop does the same for later ones.
 *
 * Secrets are read from their files at every signature, as nats.c does,
 * and wiped from memory after use. */
#ifndef LV_BUS_AUTH_H
#define LV_BUS_AUTH_H

#include <nats/nats.h>
#include <stdatomic.h>
#include <stddef.h>

typedef struct lv_bus_auth {
  const char *seed_file;  /* an NKey seed file, or the .creds file */
  const char *creds_file; /* the .creds file, for the user JWT; NULL with an NKey */
  atomic_uint refused;    /* signatures refused because they start with 0 */
} lv_bus_auth;

/* How many times lv_bus_auth_connect tries when the only thing wrong was a
 * refused signature: all of them fail with probability 256^-8. */
#define LV_BUS_AUTH_ATTEMPTS 8

/* Authenticates with the NKey public_key, whose seed (a line starting
 * with "SU") is in seed_file. a must outlive the connection. */
natsStatus lv_bus_auth_nkey(natsOptions *o, lv_bus_auth *a, const char *public_key, const char *seed_file);

/* Authenticates with a .creds file (user JWT and seed between "---" header
 * lines, as `nsc` writes them). a must outlive the connection. */
natsStatus lv_bus_auth_creds(natsOptions *o, lv_bus_auth *a, const char *creds_file);

/* natsConnection_Connect, tried again (up to LV_BUS_AUTH_ATTEMPTS) while
 * an attempt failed only because a signature was refused; a may be NULL. */
natsStatus lv_bus_auth_connect(natsConnection **nc, natsOptions *o, lv_bus_auth *a);

/* Reads secret number item (0: the user JWT, 1: the seed) of the .creds
 * file at path into a malloc'd string. Returns NULL with why set to a
 * static description when the file cannot be read or has no such item. */
char *lv_bus_creds_item(const char *path, int item, const char **why);

/* Reads the NKey seed of seed_file: the first line (leading blanks
 * skipped) starting with "SU", up to the first blank. NULL with why set
 * as above. */
char *lv_bus_seed_read(const char *seed_file, const char **why);

/* The signature handler levind gives nats.c (natsSignatureHandler), for
 * tests: signs nonce with a's seed, or refuses a signature starting with 0
 * (NATS_ERR, counted in a->refused). */
natsStatus lv_bus_auth_sign(char **err_text, unsigned char **sig, int *sig_len, const char *nonce, void *a);

#endif
