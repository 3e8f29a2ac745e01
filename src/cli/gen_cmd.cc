// Commands: new, generate, context.

#include "cli/command.h"

namespace strata::cli {

std::vector<CommandSpec> generate_commands() { return {}; }

}  // namespace strata::cli
