// Commands: check.

#include "cli/command.h"

namespace strata::cli {

std::vector<CommandSpec> check_commands() { return {}; }

}  // namespace strata::cli
