// JSON so reviews can read what a change froze; entries sorted by key and
// written one per line so a baseline diff shows exactly the added and fixed
// violations. Lines are not stored: moving an import does not un-freeze it.

#include "boundary/baseline.h"

#include <nlohmann/json.hpp>

#include "util/fs.h"

namespace strata {

namespace {

constexpr const char* k_format = "strata-boundary-baseline";

std::map<Violation::Key, size_t> count(const std::vector<Violation>& found) {
  std::map<Violation::Key, size_t> counts;
  for (const auto& v : found) ++counts[v.key()];
  return counts;
}

Result<Violation::Key> parse_entry(const nlohmann::json& e, const std::string& file, size_t i,
                                   size_t& n) {
  auto str = [&](const char* k) {
    return e.contains(k) && e[k].is_string() ? e[k].get<std::string>() : "";
  };
  Violation::Key key{str("rule"), str("file"), str("importer"), str("imported")};
  BoundaryRule rule;
  n = e.contains("count") && e["count"].is_number_unsigned() ? e["count"].get<size_t>() : 0;
  if (!parse_boundary_rule(key.rule, rule) || key.importer.empty() || key.imported.empty() ||
      n == 0)
    return Error("baseline entry " + std::to_string(i) +
                     " needs rule, importer, imported and a positive count",
                 {file}, "rewrite the baseline with --update-baseline");
  return key;
}

}  // namespace

Baseline Baseline::of(const std::vector<Violation>& found) {
  Baseline b;
  b.m_counts = count(found);
  return b;
}

Result<Baseline> Baseline::load(const std::filesystem::path& file) {
  auto text = read_file(file);
  if (!text)
    return Error("cannot read the baseline: " + text.error().message, {file.string()},
                 "create it with --update-baseline " + file.string());
  return parse(*text, file.string());
}

Result<Baseline> Baseline::parse(std::string_view text, const std::string& file) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  // Compared as JSON, not through value(), which throws on a non-string.
  if (j.is_discarded() || !j.is_object() || !j.contains("format") || j["format"] != k_format)
    return Error("not a boundary baseline", {file}, "rewrite it with --update-baseline");
  if (!j.contains("version") || j["version"] != k_version)
    return Error("unsupported boundary baseline version " +
                     j.value("version", nlohmann::json()).dump() + " (this strata reads version " +
                     std::to_string(k_version) + ")",
                 {file}, "rewrite it with --update-baseline, or use the strata that wrote it");
  if (!j.contains("violations") || !j["violations"].is_array())
    return Error("a boundary baseline needs a 'violations' array", {file});
  Baseline b;
  for (size_t i = 0; i < j["violations"].size(); ++i) {
    size_t n = 0;
    auto key = parse_entry(j["violations"][i], file, i, n);
    if (!key) return key.error();
    b.m_counts[*key] += n;
  }
  return b;
}

std::string Baseline::serialize() const {
  std::string out = "{\n  \"format\": \"" + std::string(k_format) +
                    "\",\n  \"version\": " + std::to_string(k_version) + ",\n  \"violations\": [";
  bool first = true;
  for (const auto& [k, n] : m_counts) {
    nlohmann::json e = {{"rule", k.rule},
                        {"file", k.file},
                        {"importer", k.importer},
                        {"imported", k.imported},
                        {"count", n}};
    out += (first ? "\n    " : ",\n    ") + e.dump();
    first = false;
  }
  return out + (first ? "]\n}\n" : "\n  ]\n}\n");
}

Status Baseline::save(const std::filesystem::path& file) const {
  return write_atomic(file, serialize());
}

size_t Baseline::apply(std::vector<Violation>& found) const {
  std::map<Violation::Key, size_t> left = m_counts;
  size_t fresh = 0;
  for (auto& v : found) {
    auto it = left.find(v.key());
    v.frozen = it != left.end() && it->second > 0;
    if (v.frozen)
      --it->second;
    else
      ++fresh;
  }
  return fresh;
}

size_t Baseline::stale(const std::vector<Violation>& found) const {
  std::map<Violation::Key, size_t> now = count(found);
  size_t n = 0;
  for (const auto& [k, c] : m_counts) {
    size_t seen = now.count(k) ? now[k] : 0;
    if (c > seen) n += c - seen;
  }
  return n;
}

size_t Baseline::size() const {
  size_t n = 0;
  for (const auto& [k, c] : m_counts) n += c;
  return n;
}

}  // namespace strata
