// Commands: db.

#include "cli/command.h"

namespace strata::cli {

std::vector<CommandSpec> db_commands() { return {}; }

}  // namespace strata::cli
