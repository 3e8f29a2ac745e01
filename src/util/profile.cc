// A small mutex-guarded table: phases are few and coarse (tens per run), so
// the lock is never contended enough to matter, and entries keep the order
// of first use, which is the order the reader expects.

#include "util/profile.h"

#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace strata {

namespace {

struct Row {
  const char* name;
  bool is_counter;
  int64_t value;  // ns for phases, the sum for counters
  uint64_t calls;
};

struct Table {
  std::mutex mutex;
  std::vector<Row> rows;

  Row& row(const char* name, bool is_counter) {
    for (auto& r : rows)
      if (r.is_counter == is_counter && std::strcmp(r.name, name) == 0) return r;
    rows.push_back({name, is_counter, 0, 0});
    return rows.back();
  }
};

Table& table() {
  static Table t;
  return t;
}

double ms(int64_t ns) { return static_cast<double>(ns) / 1e6; }

int64_t timeval_ns(const timeval& tv) {
  return int64_t(tv.tv_sec) * 1'000'000'000 + int64_t(tv.tv_usec) * 1000;
}

// Taken while static objects are initialised, before main: close enough
// to exec for a table whose rows are milliseconds.
const std::chrono::steady_clock::time_point k_process_start = std::chrono::steady_clock::now();

}  // namespace

bool profile_enabled() {
  static const bool on = [] {
    const char* v = std::getenv("STRATA_PROFILE");
    return v && *v && std::strcmp(v, "0") != 0;
  }();
  return on;
}

void profile_add(const char* name, int64_t ns) {
  if (!profile_enabled()) return;
  Table& t = table();
  std::lock_guard lock(t.mutex);
  Row& r = t.row(name, false);
  r.value += ns;
  ++r.calls;
}

void profile_count(const char* name, uint64_t n) {
  if (!profile_enabled()) return;
  Table& t = table();
  std::lock_guard lock(t.mutex);
  Row& r = t.row(name, true);
  r.value += static_cast<int64_t>(n);
  ++r.calls;
}

void print_profile(std::FILE* out) {
  if (!profile_enabled()) return;
  Table& t = table();
  std::lock_guard lock(t.mutex);
  std::fprintf(out, "strata profile (wall ms; phases may nest and overlap):\n");
  for (const auto& r : t.rows) {
    if (r.is_counter) continue;
    std::fprintf(out, "  %-28s %9.2f ms", r.name, ms(r.value));
    if (r.calls > 1) std::fprintf(out, "  (%llu calls)", static_cast<unsigned long long>(r.calls));
    std::fprintf(out, "\n");
  }
  for (const auto& r : t.rows)
    if (r.is_counter) std::fprintf(out, "  %-28s %9lld\n", r.name, static_cast<long long>(r.value));
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  int64_t age = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now() - k_process_start)
                    .count();
  std::fprintf(out, "  %-28s %9.2f ms\n", "total wall (since start)", ms(age));
  std::fprintf(out, "  %-28s %9.2f ms user, %.2f ms sys\n", "total cpu",
               ms(timeval_ns(ru.ru_utime)), ms(timeval_ns(ru.ru_stime)));
}

}  // namespace strata
