// Commands: vec.

#include "cli/command.h"

namespace strata::cli {

std::vector<CommandSpec> vec_commands() { return {}; }

}  // namespace strata::cli
