#pragma once
// Collects the problems found by batch work (config loading, boundary
// checks) so all of them are reported in one run, not just the first.

#include <string>
#include <vector>

#include "util/result.h"

namespace strata {

enum class ExitCode : int { k_ok = 0, k_failure = 1, k_usage = 2, k_interrupted = 130 };

enum class Severity { k_warning, k_error };

struct Diagnostic {
  Severity severity = Severity::k_error;
  Error error;
};

class Diagnostics {
 public:
  void warn(Error e) { m_items.push_back({Severity::k_warning, std::move(e)}); }
  void error(Error e) { m_items.push_back({Severity::k_error, std::move(e)}); }
  bool has_errors() const;
  const std::vector<Diagnostic>& items() const { return m_items; }
  // The first error, for callers that turn a failed batch into a Result.
  Error first_error() const;
  // Prints every item to stderr as "strata: error: where: what" + hint.
  void print() const;
  void clear() { m_items.clear(); }

 private:
  std::vector<Diagnostic> m_items;
};

// Prints one diagnostic line (and its hint line) to stderr.
void print_error(const Error& e);
void print_warning(const Error& e);

}  // namespace strata
