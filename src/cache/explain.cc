// Values are shown where the hasher kept them (commands, configuration,
// platform); everything else, file contents and environment values above
// all, is shown as a short digest, which is enough to see that it changed.

#include "cache/explain.h"

#include <ctime>

namespace strata {

namespace {

constexpr size_t k_short_digest = 12;
constexpr size_t k_max_value_width = 72;

std::string shown(const HashInput& in) {
  if (in.value.empty() && in.kind == InputKind::k_configuration) return "(none)";
  if (in.value.empty()) return in.digest.hex().substr(0, k_short_digest);
  std::string v = in.value;
  for (char& c : v)
    if (c == '\n' || c == '\t') c = ' ';
  if (v.size() > k_max_value_width) v = v.substr(0, k_max_value_width - 3) + "...";
  return v;
}

std::string local_time(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

nlohmann::json input_json(const HashInput& in) {
  nlohmann::json j = {
      {"kind", input_kind_name(in.kind)}, {"name", in.name}, {"digest", in.digest.hex()}};
  if (!in.value.empty()) j["value"] = in.value;
  return j;
}

void append_changes(const Explanation& e, std::string& out) {
  const RunRecord& prev = *e.previous;
  std::string when =
      local_time(prev.time_ms) + ", hash " + prev.hash.digest.hex().substr(0, k_short_digest);
  if (prev.hash.digest == e.hash.digest) {
    out += "\nUnchanged since the last run (" + when + ").\n";
    return;
  }
  out += "\nChanged since the last run (" + when + "):\n";
  for (const auto& c : e.changes) {
    out += "  " + pad(change_type_name(c.type), 9) + pad(input_kind_name(c.kind), 18);
    if (c.type != InputChange::Type::k_changed)
      out += c.name;
    else
      out += pad(c.name, 40) + " " + shown(*c.before) + " -> " + shown(*c.after);
    out += "\n";
  }
}

}  // namespace

Explanation explain(std::string task_id, TaskHash hash, bool cached,
                    std::optional<RunRecord> previous) {
  Explanation e{std::move(task_id), std::move(hash), cached, std::move(previous), {}};
  if (e.previous) e.changes = diff_inputs(e.previous->hash.inputs, e.hash.inputs);
  return e;
}

std::string explain_text(const Explanation& e) {
  std::string out = e.task_id + "  hash " + e.hash.digest.hex() +
                    (e.cached ? "  (in the local cache)" : "") + "\n";
  out += "\nInputs (" + std::to_string(e.hash.inputs.size()) + "):\n";
  for (const auto& in : e.hash.inputs)
    out += "  " + pad(input_kind_name(in.kind), 18) + pad(in.name, 40) + " " + shown(in) + "\n";
  if (e.previous)
    append_changes(e, out);
  else
    out +=
        "\nNo earlier run of " + e.task_id + " is recorded, so there is nothing to compare with.\n";
  return out;
}

nlohmann::json explain_json(const Explanation& e) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const auto& in : e.hash.inputs) inputs.push_back(input_json(in));
  nlohmann::json j = {
      {"task", e.task_id}, {"hash", e.hash.digest.hex()}, {"cached", e.cached}, {"inputs", inputs}};
  if (!e.previous) {
    j["previous"] = nullptr;
    return j;
  }
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : e.changes) {
    nlohmann::json cj = {
        {"change", change_type_name(c.type)}, {"kind", input_kind_name(c.kind)}, {"name", c.name}};
    if (c.before) cj["before"] = input_json(*c.before);
    if (c.after) cj["after"] = input_json(*c.after);
    changes.push_back(std::move(cj));
  }
  j["previous"] = {{"hash", e.previous->hash.digest.hex()},
                   {"timeMs", e.previous->time_ms},
                   {"changes", changes}};
  return j;
}

}  // namespace strata
