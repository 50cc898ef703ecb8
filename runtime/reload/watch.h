/* watch.h - noticing that the rule files changed.
 *
 * inotify (through libuv) on the rules directory and every directory below
 * it: watching directories, not files, is what survives editors that save
 * by writing a new file and renaming it over the old one, and Kubernetes
 * config maps that swap a symlink. Events are debounced (a save is often
 * several events); then the rule files are fingerprinted and the callback
 * runs only if the fingerprint differs from the last one seen, so swap
 * files, backups and touches do not cause reloads.
 *
 * The directory may be deleted, moved or replaced: each watched directory
 * is held open (so a new one under the same name never shares its inode
 * number) and the path is also looked at every second; a replaced
 * directory is watched anew, a missing one is looked for until it is back
 * (both logged), and meanwhile nothing is reloaded. */
#ifndef LV_SVC_WATCH_H
#define LV_SVC_WATCH_H

#include <stdint.h>
#include <uv.h>

typedef struct lv_watch lv_watch;
typedef void (*lv_watch_cb)(void *ctx);

/* Starts watching dir. The first fingerprint is taken now. Returns 0, or -1
 * with a message in err. */
int lv_watch_start(lv_watch **out, uv_loop_t *loop, const char *dir, uint32_t debounce_ms, lv_watch_cb cb,
                   void *ctx, char *err, size_t errlen);
/* Stops; frees itself once libuv has closed its handles. */
void lv_watch_stop(lv_watch *w);
/* Takes the fingerprint now as the one last seen: call it when a reload
 * for another reason (SIGHUP) reads the files, so that the watch does not
 * reload the same files again. */
void lv_watch_rebase(lv_watch *w);
/* Directories being watched. */
uint32_t lv_watch_count(const lv_watch *w);

/* A hash of the rule files under dir as the compiler finds them: every
 * *.rule file below it (hidden names skipped, symlinks followed, sorted),
 * its relative path and its contents; then every file their imports name
 * (any name, transitively; found by scanning for `import "PATH"` outside
 * comments and strings), its real path and contents. Unreadable entries
 * count too (as such), so a change of permissions is a change. */
void lv_rules_fingerprint(uint64_t out[2], const char *dir);

#endif
