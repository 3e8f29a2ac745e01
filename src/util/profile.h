#pragma once
// Phase timings for users and developers: with STRATA_PROFILE=1 in the
// environment, each timed phase adds its wall time (and any counters their
// values) to a process-wide table, printed on stderr when the command ends.
// Without it a phase costs one branch on a cached flag.

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace strata {

// True when STRATA_PROFILE is set to something other than "" or "0".
bool profile_enabled();

// Adds `ns` nanoseconds and one call to the phase `name` (a string literal).
void profile_add(const char* name, int64_t ns);
// Adds `n` to the counter `name` (a string literal).
void profile_count(const char* name, uint64_t n);

// Prints the phases in the order they were first seen, the counters, and
// the process's wall time since start and its CPU time, to `out`; nothing
// when profiling is off.
void print_profile(std::FILE* out);

// Times the scope it lives in as the phase `name`.
class ProfilePhase {
 public:
  explicit ProfilePhase(const char* name) : m_name(name), m_on(profile_enabled()) {
    if (m_on) m_start = std::chrono::steady_clock::now();
  }
  ~ProfilePhase() { stop(); }
  ProfilePhase(const ProfilePhase&) = delete;
  ProfilePhase& operator=(const ProfilePhase&) = delete;

  // Ends the phase early; later calls do nothing.
  void stop() {
    if (!m_on) return;
    m_on = false;
    profile_add(m_name, std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - m_start)
                            .count());
  }

 private:
  const char* m_name;
  bool m_on;
  std::chrono::steady_clock::time_point m_start;
};

}  // namespace strata
