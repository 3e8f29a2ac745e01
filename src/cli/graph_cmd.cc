#include "cli/command.h"

namespace strata::cli {

std::vector<CommandSpec> graph_commands() { return {}; }

}  // namespace strata::cli
