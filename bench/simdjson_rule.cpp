// simdjson_rule.cpp - the baseline: the reference rule written by hand in
// C++ with simdjson's on-demand API, the fastest parse + evaluate known here.
//
//   simdjson_rule FILE
//
// Prints two JSON lines, one per mode (as every bench program does):
//
// decode+match: timed from reading the file to the last event, like `levin
// run`: read the file in 4 MiB blocks, and for each line parse it on demand
// and evaluate
//   temp > 80.0 && site in ["plant-a", "plant-b"] && status != "maintenance"
// in the rule's order, stopping at the first false conjunct (on-demand
// parsing only looks as far into the event as the rule needs). A line that
// is not JSON, or lacks a field, does not match.
//
// match: every event is first decoded into a C struct of all its fields
// (strings copied, as Levin's decoder does), untimed; then only the rule,
// written by hand, is timed over the structs. This is "the same test written
// by hand in C" that Levin's match on decoded events is compared with.
//
// Built by bench/run.sh with g++ -O3 -march=native (the project is C; this
// one program is C++ because simdjson is).
#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string_view>
#include <vector>

static uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

#define STR2(x) #x
#define STR(x) STR2(x)

// The whole file in a buffer with simdjson's padding after it (simdjson
// reads up to SIMDJSON_PADDING bytes past a document's end).
static char *read_padded(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY);
  struct stat sb;
  if (fd < 0 || fstat(fd, &sb) != 0) {
    std::fprintf(stderr, "simdjson_rule: cannot read %s\n", path);
    std::exit(2);
  }
  size_t size = size_t(sb.st_size), got = 0;
  char *buf = new char[size + simdjson::SIMDJSON_PADDING];
  while (got < size) {
    ssize_t r = read(fd, buf + got, size - got);
    if (r <= 0) break;
    got += size_t(r);
  }
  close(fd);
  std::memset(buf + got, 0, simdjson::SIMDJSON_PADDING);
  *len = got;
  return buf;
}

static void report(const char *mode, uint64_t events, uint64_t matched, uint64_t ns) {
  std::printf("{\"name\":\"c-simdjson\",\"mode\":\"%s\",\"events\":%llu,\"matched\":%llu,\"ns_per_event\":%.2f,"
              "\"simdjson\":\"%s %s\"}\n",
              mode, (unsigned long long)events, (unsigned long long)matched,
              events ? double(ns) / double(events) : 0.0, STR(SIMDJSON_VERSION), STR(SIMDJSON_BUILTIN_IMPLEMENTATION));
  std::fflush(stdout);
}

// Reads the file in blocks into one reused buffer (as getline does for
// `levin run`: no fresh memory to fault in per megabyte) and evaluates each
// complete line; a line cut by the block's end moves to the front.
static uint64_t decode_and_match(const char *path, uint64_t *events) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    std::fprintf(stderr, "simdjson_rule: cannot read %s\n", path);
    std::exit(2);
  }
  size_t cap = 4u << 20, have = 0;
  std::vector<char> store(cap + simdjson::SIMDJSON_PADDING);
  char *buf = store.data();
  simdjson::ondemand::parser parser;
  uint64_t n = 0, matched = 0;
  for (;;) {
    ssize_t r = read(fd, buf + have, cap - have);
    if (r < 0) {
      std::fprintf(stderr, "simdjson_rule: read failed\n");
      std::exit(2);
    }
    have += size_t(r);
    bool last = r == 0;
    const char *p = buf, *end = buf + have;
    // simdjson may read up to SIMDJSON_PADDING bytes past a document.
    std::memset(buf + have, 0, simdjson::SIMDJSON_PADDING);
    while (p < end) {
      const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
      if (!nl) {
        if (!last) break; // incomplete: read more
        nl = end;
      }
      if (nl > p) {
        n++;
        simdjson::ondemand::document doc;
        double temp;
        std::string_view site, status;
        if (!parser.iterate(p, size_t(nl - p), size_t(buf + cap + simdjson::SIMDJSON_PADDING - p)).get(doc) &&
            !doc["temp"].get_double().get(temp) && temp > 80.0 && !doc["site"].get_string().get(site) &&
            (site == "plant-a" || site == "plant-b") && !doc["status"].get_string().get(status) &&
            status != "maintenance")
          matched++;
      }
      p = nl + 1;
    }
    if (last) break;
    size_t rest = p < end ? size_t(end - p) : 0;
    if (rest == cap) {
      std::fprintf(stderr, "simdjson_rule: a line longer than %zu bytes\n", cap);
      std::exit(2);
    }
    std::memmove(buf, p, rest);
    have = rest;
  }
  close(fd);
  *events = n;
  return matched;
}

// --- match on decoded events ----------------------------------------------

struct text {
  const char *ptr;
  size_t len;
};

// An event as a C programmer would decode it: every field, typed.
struct event {
  text device, site;
  double temp, humidity;
  text status;
  text *tags;
  size_t ntags;
  int64_t ts;
  double pressure;
  int64_t battery;
  text fw, note;
};

// Bump allocation in big blocks, like Levin's arena: events and their
// strings lie in memory in file order.
struct bump {
  std::vector<char *> blocks;
  char *cur = nullptr, *end = nullptr;
  void *alloc(size_t n) {
    n = (n + 15) & ~size_t(15);
    if (size_t(end - cur) < n) {
      size_t size = n > (64u << 20) ? n : (64u << 20);
      cur = new char[size];
      end = cur + size;
      blocks.push_back(cur);
    }
    void *p = cur;
    cur += n;
    return p;
  }
  text copy(std::string_view s) {
    char *p = static_cast<char *>(alloc(s.size()));
    std::memcpy(p, s.data(), s.size());
    return text{p, s.size()};
  }
  ~bump() {
    for (char *b : blocks) delete[] b;
  }
};

static bool decode_event(simdjson::ondemand::document &doc, bump &mem, event *e) {
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return false;
  for (auto field : obj) {
    std::string_view key, s;
    if (field.unescaped_key().get(key)) return false;
    auto v = field.value();
    if (key == "device" || key == "site" || key == "status" || key == "fw" || key == "note") {
      if (v.get_string().get(s)) return false;
      text t = mem.copy(s);
      (key == "device" ? e->device : key == "site" ? e->site : key == "status" ? e->status : key == "fw" ? e->fw : e->note) = t;
    } else if (key == "temp" || key == "humidity" || key == "pressure") {
      double d;
      if (v.get_double().get(d)) return false;
      (key == "temp" ? e->temp : key == "humidity" ? e->humidity : e->pressure) = d;
    } else if (key == "ts" || key == "battery") {
      int64_t i;
      if (v.get_int64().get(i)) return false;
      (key == "ts" ? e->ts : e->battery) = i;
    } else if (key == "tags") {
      simdjson::ondemand::array a;
      if (v.get_array().get(a)) return false;
      text tmp[64];
      size_t n = 0;
      for (auto item : a) {
        if (n == 64 || item.get_string().get(s)) return false;
        tmp[n++] = mem.copy(s);
      }
      e->tags = static_cast<text *>(mem.alloc(n * sizeof(text)));
      std::memcpy(e->tags, tmp, n * sizeof(text));
      e->ntags = n;
    }
  }
  return true;
}

static inline bool eq(text t, const char *lit, size_t n) { return t.len == n && std::memcmp(t.ptr, lit, n) == 0; }

static uint64_t match_decoded(const char *path, uint64_t *events, uint64_t *ns) {
  size_t len;
  char *buf = read_padded(path, &len);
  simdjson::ondemand::parser parser;
  bump mem;
  std::vector<event *> evs;
  for (const char *p = buf, *end = buf + len; p < end;) {
    const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
    if (!nl) nl = end;
    if (nl > p) {
      simdjson::ondemand::document doc;
      event *e = static_cast<event *>(mem.alloc(sizeof(event)));
      std::memset(e, 0, sizeof *e);
      if (parser.iterate(p, size_t(nl - p), size_t(end - p) + simdjson::SIMDJSON_PADDING).get(doc) ||
          !decode_event(doc, mem, e)) {
        std::fprintf(stderr, "simdjson_rule: event %zu does not decode\n", evs.size() + 1);
        std::exit(2);
      }
      evs.push_back(e);
    }
    p = nl + 1;
  }
  delete[] buf;
  uint64_t matched = 0;
  uint64_t t0 = now_ns();
  for (const event *e : evs)
    matched += e->temp > 80.0 && (eq(e->site, "plant-a", 7) || eq(e->site, "plant-b", 7)) &&
               !eq(e->status, "maintenance", 11);
  *ns = now_ns() - t0;
  *events = evs.size();
  return matched;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: simdjson_rule FILE\n");
    return 2;
  }
  uint64_t events, ns;
  uint64_t t0 = now_ns();
  uint64_t matched = decode_and_match(argv[1], &events);
  report("decode+match", events, matched, now_ns() - t0);
  matched = match_decoded(argv[1], &events, &ns);
  report("match", events, matched, ns);
  return 0;
}
