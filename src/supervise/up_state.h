#pragma once
// What a running `strata up` tells other terminals: its own pid, and per
// process the pid, port, health, restarts and start time. The supervisor
// rewrites `.strata/up/state` (atomically) whenever one of them changes;
// `strata ps`, `logs` and `down` only read it.
// Format: docs/formats/up-state.md.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata {

inline constexpr int k_up_state_version = 1;
inline constexpr std::string_view k_up_state_signature = "strata-up-state";

// One supervised process as last seen by the supervisor.
struct ProcessState {
  std::string name;
  std::string kind;  // "broker", "service" or "monolith"
  int pid = 0;       // 0 while not running
  int port = 0;
  std::string health;  // "waiting", "starting", "healthy", "unhealthy", "restarting", "stopped"
  int restarts = 0;
  int64_t started_at_ms = 0;  // Unix time of the current run's start; 0 when none
  bool operator==(const ProcessState&) const = default;
};

struct UpState {
  int supervisor_pid = 0;
  int64_t started_at_ms = 0;
  std::string phase;  // "starting", "running" (all healthy once) or "stopping"
  std::vector<ProcessState> processes;
  bool operator==(const UpState&) const = default;
};

// The directory everything of `strata up` lives in: `<root>/.strata/up`.
std::filesystem::path up_dir(const std::filesystem::path& root);

std::string format_up_state(const UpState& state);
// `file` names the file in errors; a wrong signature, version or checksum
// is an error of kind k_corruption (the version error says which).
Result<UpState> parse_up_state(std::string_view text, const std::string& file);

Status save_up_state(const std::filesystem::path& dir, const UpState& state);
// An absent file is an error of kind k_not_found.
Result<UpState> load_up_state(const std::filesystem::path& dir);

// The JSON `strata ps --json` prints: the state with each process's uptime.
std::string up_state_json(const UpState& state, int64_t now_ms);

}  // namespace strata
