/* io_floor.c - the I/O floor: read the event file and find its lines, and
 * nothing else. No engine that reads the same file line by line can go
 * faster, so it bounds every other row from below.
 *
 *   io_floor FILE
 *
 * Reads with read(2) in 1 MiB blocks and counts the lines with memchr,
 * timed from open to the last line. Prints one JSON line (matched is null:
 * no rule is evaluated). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: io_floor FILE\n");
    return 2;
  }
  static char block[1 << 20];
  uint64_t t0 = now_ns();
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) {
    fprintf(stderr, "io_floor: cannot read %s\n", argv[1]);
    return 2;
  }
  uint64_t lines = 0, bytes = 0;
  ssize_t r;
  while ((r = read(fd, block, sizeof block)) > 0) {
    bytes += (uint64_t)r;
    for (const char *p = block, *end = block + r; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) lines++;
  }
  close(fd);
  uint64_t ns = now_ns() - t0;
  if (r < 0) {
    fprintf(stderr, "io_floor: read failed\n");
    return 2;
  }
  printf("{\"name\":\"io-floor\",\"mode\":\"floor\",\"events\":%llu,\"matched\":null,\"ns_per_event\":%.2f,\"bytes\":%llu}\n",
         (unsigned long long)lines, lines ? (double)ns / (double)lines : 0.0, (unsigned long long)bytes);
  return 0;
}
