#pragma once
// One problem `strata audit` found (a committed secret, a vulnerable
// dependency), its severity, and the report that merges every source.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::audit {

inline constexpr int k_audit_json_version = 1;

enum class Severity { k_low, k_medium, k_high, k_critical };

std::string_view to_string(Severity s);
// "low", "moderate"/"medium", "high", "critical" (npm's and GitHub's words).
std::optional<Severity> parse_severity(std::string_view s);

struct Finding {
  std::string source;  // "secrets", "npm", "pip-audit"
  std::string rule;    // "aws-access-key-id", "GHSA-…", "PYSEC-…"
  Severity severity = Severity::k_high;
  std::string file;         // relative to the workspace root
  size_t line = 0;          // 0 when not about a line
  std::string message;      // never holds a secret whole
  std::string fingerprint;  // for allow-listing secrets: 16 hex digits
};

// How one source of findings went: it ran, or why it could not.
struct SourceStatus {
  std::string name;
  bool ran = false;
  std::string reason;  // why it was skipped
  size_t scanned = 0;  // files or lockfiles looked at
};

struct Report {
  std::vector<Finding> findings;
  std::vector<SourceStatus> sources;
  size_t allowed = 0;  // secrets left out by the allow-list
  size_t at_or_above(Severity s) const;
};

std::string render_text(const Report& r);
nlohmann::json to_json(const Report& r);

}  // namespace strata::audit
