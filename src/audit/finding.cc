#include "audit/finding.h"

#include <fmt/format.h>

#include <algorithm>

namespace strata::audit {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::k_low:
      return "low";
    case Severity::k_medium:
      return "medium";
    case Severity::k_high:
      return "high";
    case Severity::k_critical:
      return "critical";
  }
  return "high";
}

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "low" || s == "info") return Severity::k_low;
  if (s == "medium" || s == "moderate") return Severity::k_medium;
  if (s == "high") return Severity::k_high;
  if (s == "critical") return Severity::k_critical;
  return std::nullopt;
}

size_t Report::at_or_above(Severity s) const {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                           [s](const Finding& f) { return f.severity >= s; }));
}

std::string render_text(const Report& r) {
  std::string out;
  for (const auto& f : r.findings) {
    std::string where = f.file.empty() ? ""
                        : f.line       ? fmt::format("{}:{}: ", f.file, f.line)
                                       : f.file + ": ";
    out += fmt::format("{:<8} {}{} [{}{}]\n", to_string(f.severity), where, f.message, f.rule,
                       f.fingerprint.empty() ? "" : " " + f.fingerprint);
  }
  for (const auto& s : r.sources)
    out += s.ran ? fmt::format("{}: checked {}\n", s.name, s.scanned)
                 : fmt::format("{}: skipped: {}\n", s.name, s.reason);
  out += fmt::format("{} finding{}", r.findings.size(), r.findings.size() == 1 ? "" : "s");
  if (r.allowed) out += fmt::format(", {} allowed by the allow-list", r.allowed);
  return out + "\n";
}

nlohmann::json to_json(const Report& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) {
    nlohmann::json j = {{"source", f.source},
                        {"rule", f.rule},
                        {"severity", std::string(to_string(f.severity))},
                        {"message", f.message}};
    if (!f.file.empty()) j["file"] = f.file;
    if (f.line) j["line"] = f.line;
    if (!f.fingerprint.empty()) j["fingerprint"] = f.fingerprint;
    findings.push_back(std::move(j));
  }
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : r.sources) {
    nlohmann::json j = {
        {"name", s.name}, {"status", s.ran ? "ran" : "skipped"}, {"checked", s.scanned}};
    if (!s.ran) j["reason"] = s.reason;
    sources.push_back(std::move(j));
  }
  return {{"version", k_audit_json_version},
          {"findings", findings},
          {"sources", sources},
          {"allowed", r.allowed}};
}

}  // namespace strata::audit
