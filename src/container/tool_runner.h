#pragma once
// The ToolRunner port: how the builder adapters run a command line, never
// through a shell. The real one spawns the program found on PATH; unit
// tests record the argument vectors and answer with canned output.

#include <string>
#include <vector>

#include "util/result.h"
#include "vcs/subprocess.h"

namespace strata::container {

class ToolRunner {
 public:
  virtual ~ToolRunner() = default;
  // Runs and captures stdout and stderr.
  virtual Result<ProcessOutput> capture(const std::vector<std::string>& argv) = 0;
  // Runs with this process's stdout and stderr (a build's progress);
  // returns the exit code.
  virtual Result<int> stream(const std::vector<std::string>& argv) = 0;
  // Whether a program of that name is on PATH.
  virtual bool available(const std::string& program) = 0;
};

class SpawnToolRunner final : public ToolRunner {
 public:
  Result<ProcessOutput> capture(const std::vector<std::string>& argv) override;
  Result<int> stream(const std::vector<std::string>& argv) override;
  bool available(const std::string& program) override;
};

}  // namespace strata::container
