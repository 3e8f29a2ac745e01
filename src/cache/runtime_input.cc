#include "cache/runtime_input.h"

#include <cstdio>

#include "tasks/arguments.h"
#include "vcs/subprocess.h"

namespace strata {

Result<std::string> run_runtime_input(const std::filesystem::path& root, const std::string& command,
                                      const SourceLoc& loc) {
  // The command is shell text by definition; run_capture spawns the shell
  // with an argument vector and drains stdout and stderr without deadlock.
  std::string line = "cd " + shell_quote(root.string()) + " && " + command;
  auto result = run_capture({"/bin/sh", "-c", line});
  if (!result)
    return Error("cannot run runtime input '" + command + "': " + result.error().message, loc);
  // What the command says on stderr is the user's to see, as before.
  if (!result->err.empty()) std::fwrite(result->err.data(), 1, result->err.size(), stderr);
  if (result->exit_code != 0)
    return Error("runtime input '" + command + "' failed (exit code " +
                     std::to_string(result->exit_code) + ")",
                 loc, "the command must succeed: its output is part of the task hash");
  return std::move(result->out);
}

}  // namespace strata
