#pragma once
// `strata explain`: every input of a task's hash and, against the task's
// last recorded run, exactly which inputs changed. Built here as plain data
// and rendered as text or JSON by the command line.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cache/hash_input.h"
#include "cache/input_diff.h"
#include "cache/run_record.h"

namespace strata {

// `changes` points into `previous` and `hash`: move an Explanation, never
// copy it.
struct Explanation {
  std::string task_id;
  TaskHash hash;
  bool cached = false;                // the local store holds an entry for the hash
  std::optional<RunRecord> previous;  // the last recorded run, if any
  std::vector<InputChange> changes;   // previous -> now; points into previous and hash
};

// `previous` may be nullopt. The result owns copies of both lists.
Explanation explain(std::string task_id, TaskHash hash, bool cached,
                    std::optional<RunRecord> previous);

std::string explain_text(const Explanation& e);
nlohmann::json explain_json(const Explanation& e);

}  // namespace strata
