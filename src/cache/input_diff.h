#pragma once
// What changed between two input lists of the same task: the heart of
// `strata explain`.

#include <string>
#include <vector>

#include "cache/hash_input.h"

namespace strata {

struct InputChange {
  enum class Type { k_added, k_removed, k_changed };
  Type type = Type::k_changed;
  InputKind kind = InputKind::k_file;
  std::string name;
  const HashInput* before = nullptr;  // null when added
  const HashInput* after = nullptr;   // null when removed
};

const char* change_type_name(InputChange::Type type);  // "added", "removed", "changed"

// Both lists normalised (sorted by kind, name). The changes point into them.
std::vector<InputChange> diff_inputs(const std::vector<HashInput>& before,
                                     const std::vector<HashInput>& after);

}  // namespace strata
