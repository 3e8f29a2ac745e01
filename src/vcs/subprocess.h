#pragma once
// Runs a program with an argument vector (never through a shell, so no
// argument is ever interpreted) and captures its output.

#include <string>
#include <vector>

#include "util/result.h"

namespace strata {

struct ProcessOutput {
  int exit_code = 0;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

// Searches PATH for argv[0]. stdin is /dev/null. `env` entries
// ("NAME=value") are added to the inherited environment, replacing any
// variable of the same name. `cwd`, when not empty, is the child's working
// directory. Fails only when the program cannot be started.
Result<ProcessOutput> run_capture(const std::vector<std::string>& argv,
                                  const std::vector<std::string>& env = {},
                                  const std::string& cwd = {});

}  // namespace strata
