#pragma once
// Checks the shape of targets, inputs and named inputs as each file is read,
// and cleans them so later stages can trust the types: every malformed value
// is reported with its location and removed. The `command` shorthand is
// rewritten to `executor: nx:run-commands` with `options.command` here,
// before any merging, as Nx does.

#include <nlohmann/json.hpp>
#include <string_view>

#include "config/config_file.h"

namespace strata {

// Checks and normalises the target at `pointer`; false (after reporting)
// when the target is unusable and must be dropped.
bool validate_target(ConfigFile& file, nlohmann::json& target, std::string_view pointer,
                     std::string_view name);

// Checks an "inputs" array in place; drops malformed entries.
void validate_inputs(ConfigFile& file, nlohmann::json& inputs, std::string_view pointer);

// Checks a "namedInputs" object in place: each value an inputs array.
void validate_named_inputs(ConfigFile& file, nlohmann::json& named, std::string_view pointer);

// Checks the options (or one configuration) of a run-commands target.
void validate_run_commands_options(ConfigFile& file, nlohmann::json& options,
                                   std::string_view pointer);

// Checks a "targets" object in place, dropping unusable targets.
void validate_targets(ConfigFile& file, nlohmann::json& targets, std::string_view pointer);

}  // namespace strata
