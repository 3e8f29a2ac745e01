// The state file is one header line, `strata-up-state <version> <xxh3>`,
// then a JSON body the checksum covers. JSON keeps it readable with `cat`
// while the checksum catches a torn or hand-edited file.

#include "supervise/up_state.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "util/fs.h"
#include "util/hash.h"

namespace strata {

namespace {

constexpr std::string_view k_state_file = "state";

nlohmann::json process_json(const ProcessState& p) {
  return {{"name", p.name},
          {"kind", p.kind},
          {"pid", p.pid},
          {"port", p.port},
          {"health", p.health},
          {"restarts", p.restarts},
          {"started_at_ms", p.started_at_ms}};
}

nlohmann::json state_json(const UpState& s) {
  nlohmann::json procs = nlohmann::json::array();
  for (const auto& p : s.processes) procs.push_back(process_json(p));
  return {{"supervisor_pid", s.supervisor_pid},
          {"started_at_ms", s.started_at_ms},
          {"phase", s.phase},
          {"processes", procs}};
}

Error corrupt(const std::string& file, const std::string& what) {
  return Error(file + ": " + what, {}, "remove the file; it is rewritten by the next `strata up`")
      .of(ErrorKind::k_corruption);
}

// A whole number, or an exception: a float cast to an integer could be
// out of range, which is undefined behaviour, not an error.
template <typename T>
T integer(const nlohmann::json& j, const char* key) {
  const auto& v = j.at(key);
  if (!v.is_number_integer()) throw std::invalid_argument(key);
  return v.get<T>();
}

Result<UpState> state_from_json(const nlohmann::json& j) {
  UpState s;
  s.supervisor_pid = integer<int>(j, "supervisor_pid");
  s.started_at_ms = integer<int64_t>(j, "started_at_ms");
  s.phase = j.at("phase").get<std::string>();
  for (const auto& p : j.at("processes")) {
    s.processes.push_back({p.at("name").get<std::string>(), p.at("kind").get<std::string>(),
                           integer<int>(p, "pid"), integer<int>(p, "port"),
                           p.at("health").get<std::string>(), integer<int>(p, "restarts"),
                           integer<int64_t>(p, "started_at_ms")});
  }
  return s;
}

}  // namespace

std::filesystem::path up_dir(const std::filesystem::path& root) { return root / ".strata" / "up"; }

std::string format_up_state(const UpState& state) {
  std::string body = state_json(state).dump(2) + "\n";
  return fmt::format("{} {} {}\n{}", k_up_state_signature, k_up_state_version,
                     hash_bytes(body).hex(), body);
}

Result<UpState> parse_up_state(std::string_view text, const std::string& file) {
  size_t eol = text.find('\n');
  if (eol == std::string_view::npos) return corrupt(file, "no header line");
  std::string_view header = text.substr(0, eol);
  std::string_view body = text.substr(eol + 1);
  std::string prefix = std::string(k_up_state_signature) + " ";
  if (!header.starts_with(prefix)) return corrupt(file, "not a strata up state file");
  header.remove_prefix(prefix.size());
  size_t sp = header.find(' ');
  if (sp == std::string_view::npos) return corrupt(file, "header has no checksum");
  if (header.substr(0, sp) != std::to_string(k_up_state_version))
    return corrupt(file, fmt::format("state file version {} is not the supported {}",
                                     header.substr(0, sp), k_up_state_version));
  if (header.substr(sp + 1) != hash_bytes(body).hex()) return corrupt(file, "checksum mismatch");
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return corrupt(file, "body is not a JSON object");
  try {
    return state_from_json(j);
  } catch (const std::exception&) {  // nlohmann's, and integer()'s
    return corrupt(file, "body lacks a field or has one of the wrong type");
  }
}

Status save_up_state(const std::filesystem::path& dir, const UpState& state) {
  return write_atomic(dir / k_state_file, format_up_state(state), Durability::k_checksummed);
}

Result<UpState> load_up_state(const std::filesystem::path& dir) {
  std::filesystem::path path = dir / k_state_file;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Error("no state file at " + path.string()).of(ErrorKind::k_not_found);
  auto text = read_file(path, 1 << 20, "the strata up state file");
  if (!text) return text.error();
  return parse_up_state(*text, path.string());
}

std::string up_state_json(const UpState& state, int64_t now_ms) {
  nlohmann::json j = state_json(state);
  for (auto& p : j["processes"]) {
    int64_t started = p["started_at_ms"].get<int64_t>();
    p["uptime_s"] = started > 0 && p["pid"].get<int>() > 0 ? (now_ms - started) / 1000 : 0;
  }
  return j.dump(2) + "\n";
}

}  // namespace strata
