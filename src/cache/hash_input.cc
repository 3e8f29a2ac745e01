#include "cache/hash_input.h"

#include <algorithm>
#include <iterator>

namespace strata {

namespace {
// Indexed by InputKind; these names are part of the hash encoding.
constexpr const char* k_kind_names[] = {
    "format", "platform", "executor", "command",  "cwd",        "options",
    "configuration", "args", "outputs", "env", "runtime", "file",
    "dependency-inputs", "external", "dependent-output", "global", "task"};
static_assert(std::size(k_kind_names) == static_cast<size_t>(InputKind::k_task) + 1);
}  // namespace

const char* input_kind_name(InputKind kind) { return k_kind_names[static_cast<size_t>(kind)]; }

std::optional<InputKind> parse_input_kind(std::string_view name) {
  for (size_t i = 0; i < std::size(k_kind_names); ++i)
    if (name == k_kind_names[i]) return static_cast<InputKind>(i);
  return std::nullopt;
}

Digest value_digest(InputKind kind, std::string_view value) {
  return Hasher().add(input_kind_name(kind), value).finish();
}

void normalise_inputs(std::vector<HashInput>& inputs) {
  auto key_less = [](const HashInput& a, const HashInput& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
  };
  std::stable_sort(inputs.begin(), inputs.end(), key_less);
  auto same_key = [](const HashInput& a, const HashInput& b) { return a.kind == b.kind && a.name == b.name; };
  inputs.erase(std::unique(inputs.begin(), inputs.end(), same_key), inputs.end());
}

Digest combine_inputs(const std::vector<HashInput>& inputs) {
  Hasher h;
  h.add("strata-task-hash", k_task_hash_version);
  h.add("inputs", static_cast<uint64_t>(inputs.size()));
  for (const auto& in : inputs) {
    h.add("kind", input_kind_name(in.kind));
    h.add("name", in.name);
    h.add("digest", in.digest);
  }
  return h.finish();
}

}  // namespace strata
