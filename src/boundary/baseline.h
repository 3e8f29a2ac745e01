#pragma once
// A frozen set of known violations, so a legacy repository can adopt the
// checks and fail only on new ones (as ArchUnit's frozen rules do).
// Format: docs/formats/boundary-baseline.md.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "boundary/violation.h"
#include "util/result.h"

namespace strata {

class Baseline {
 public:
  static constexpr int k_version = 1;

  // Every violation of `found`, counted by key.
  static Baseline of(const std::vector<Violation>& found);
  static Result<Baseline> load(const std::filesystem::path& file);
  static Result<Baseline> parse(std::string_view text, const std::string& file);

  std::string serialize() const;  // JSON, entries sorted, one per line
  Status save(const std::filesystem::path& file) const;

  // Marks as frozen up to `count` violations per key; the rest stay new, so
  // a second copy of a frozen import still fails. Returns how many are new.
  size_t apply(std::vector<Violation>& found) const;
  // Frozen entries no violation matched any more (fixed since), by count.
  size_t stale(const std::vector<Violation>& found) const;
  size_t size() const;

 private:
  std::map<Violation::Key, size_t> m_counts;
};

}  // namespace strata
