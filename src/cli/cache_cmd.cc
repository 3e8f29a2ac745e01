#include "cli/command.h"

namespace strata::cli {

std::vector<CommandSpec> cache_commands() { return {}; }

}  // namespace strata::cli
