#pragma once
// What goes into a task hash, as a list a person can read: every input is a
// (kind, name, digest) triple, optionally with the value itself. The hash is
// computed from this list and nothing else, so `strata explain` shows
// exactly what the key covers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/hash.h"

namespace strata {

// Bumped whenever the encoding or the set of inputs changes, so hashes of an
// older strata never match.
inline constexpr uint64_t k_task_hash_version = 1;

// In the order inputs are sorted and fed to the hash.
enum class InputKind : uint8_t {
  k_format,             // "strata-task-hash": the encoding version
  k_platform,           // "os", "arch"
  k_executor,           // "executor"
  k_command,            // "commands[0]", ...
  k_cwd,                // "cwd", relative to the root
  k_options,            // "options": effective options, canonical JSON
  k_configuration,      // "configuration"
  k_args,               // "args": JSON array
  k_outputs,            // "outputs": declared outputs, JSON array
  k_env,                // variable name
  k_runtime,            // command
  k_file,               // path of a file of the task's own project (or workspace fileset)
  k_dependency_inputs,  // "project:input": digest over that project's input closure
  k_external,           // external dependency name: digest of the lockfiles
  k_dependent_output,   // path of a dependency task's output file
  k_global,             // path of a workspace-wide file (lockfiles, root config)
  k_task,               // id of a task this one depends on: its hash
};

const char* input_kind_name(InputKind kind);
std::optional<InputKind> parse_input_kind(std::string_view name);

struct HashInput {
  InputKind kind = InputKind::k_format;
  std::string name;
  Digest digest;
  std::string value;  // shown by explain when short and not secret; "" otherwise

  friend bool operator==(const HashInput&, const HashInput&) = default;
};

struct TaskHash {
  Digest digest;
  std::vector<HashInput> inputs;  // sorted by (kind, name), unique
};

// Digest of a value input, tagged by its kind.
Digest value_digest(InputKind kind, std::string_view value);
// Sorts `inputs` by (kind, name) and drops later duplicates.
void normalise_inputs(std::vector<HashInput>& inputs);
// The task hash over a normalised list: for each input, kind name, the
// input's name and its digest, as delimited Hasher fields.
Digest combine_inputs(const std::vector<HashInput>& inputs);

}  // namespace strata
