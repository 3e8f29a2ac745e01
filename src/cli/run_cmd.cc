#include "cli/command.h"

namespace strata::cli {

std::vector<CommandSpec> run_commands() { return {}; }

}  // namespace strata::cli
