#pragma once
// The keys each kind of configuration object may hold. Keys that Nx knows
// but Strata has no use for are listed too, so an nx.json that works with Nx
// loads without warnings; anything else earns an "unknown key" warning with
// a did-you-mean.

#include <string>
#include <vector>

namespace strata {

const std::vector<std::string>& known_root_config_keys();       // nx.json / strata.json
const std::vector<std::string>& known_project_json_keys();      // project.json
const std::vector<std::string>& known_package_nx_keys();        // package.json "nx"
const std::vector<std::string>& known_pyproject_strata_keys();  // [tool.strata]
const std::vector<std::string>& known_target_keys();            // a target, any file
const std::vector<std::string>& known_depends_on_keys();        // object form of dependsOn
// Options nx:run-commands reads itself; any other option is forwarded to
// the command as --key=value, as Nx does.
const std::vector<std::string>& run_commands_option_keys();

}  // namespace strata
