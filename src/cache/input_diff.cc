#include "cache/input_diff.h"

namespace strata {

const char* change_type_name(InputChange::Type type) {
  switch (type) {
    case InputChange::Type::k_added:
      return "added";
    case InputChange::Type::k_removed:
      return "removed";
    case InputChange::Type::k_changed:
      return "changed";
  }
  return "changed";
}

std::vector<InputChange> diff_inputs(const std::vector<HashInput>& before,
                                     const std::vector<HashInput>& after) {
  std::vector<InputChange> out;
  auto less = [](const HashInput& a, const HashInput& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
  };
  size_t i = 0, j = 0;
  while (i < before.size() || j < after.size()) {
    if (j == after.size() || (i < before.size() && less(before[i], after[j]))) {
      out.push_back(
          {InputChange::Type::k_removed, before[i].kind, before[i].name, &before[i], nullptr});
      ++i;
    } else if (i == before.size() || less(after[j], before[i])) {
      out.push_back({InputChange::Type::k_added, after[j].kind, after[j].name, nullptr, &after[j]});
      ++j;
    } else {
      if (before[i].digest != after[j].digest)
        out.push_back(
            {InputChange::Type::k_changed, after[j].kind, after[j].name, &before[i], &after[j]});
      ++i;
      ++j;
    }
  }
  return out;
}

}  // namespace strata
