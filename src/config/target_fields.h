#pragma once
// Turns validated JSON for "inputs" and "dependsOn" into the model's
// InputSpec and DependsOn. The JSON has passed target_schema's checks, so
// only meaning is decided here, not shape.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/workspace.h"

namespace strata {

// Tells whether a name is a named input visible to the project.
using NamedInputLookup = std::function<bool(std::string_view)>;
// Called for a string that names no input and is no file set, with the
// entry's index in the array and the name.
using UnknownInputReport = std::function<void(size_t, const std::string&)>;

// Nx's rules for a plain string: "^x" is named input x of the dependencies,
// "!x" a negated file set, "{projectRoot}/..." a file set, a known name a
// named input, and anything with '/', '*' or '.' a file set.
std::vector<InputSpec> parse_inputs(const nlohmann::json& inputs, const NamedInputLookup& is_named,
                                    const UnknownInputReport& unknown);

// "build", "^build", or {"target", "projects", "dependencies", "params"};
// the legacy projects values "self" and "dependencies" are understood.
std::vector<DependsOn> parse_depends_on(const nlohmann::json& depends_on);

}  // namespace strata
