#pragma once
// Carries out an InstallPlan after a generator wrote its files: each step's
// commands in order through a StepRunner (tests fake it), progress through
// an InstallReporter, and a failure as one Error that names the step and
// the command to rerun by hand. The generated files stay whatever happens.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gen/install_plan.h"
#include "util/result.h"
#include "vcs/subprocess.h"

namespace strata::gen {

// Runs one program in a folder, without a shell, capturing its output.
class StepRunner {
 public:
  virtual ~StepRunner() = default;
  virtual Result<ProcessOutput> run(const std::vector<std::string>& argv,
                                    const std::filesystem::path& cwd) = 0;
};

class SystemStepRunner final : public StepRunner {
 public:
  Result<ProcessOutput> run(const std::vector<std::string>& argv,
                            const std::filesystem::path& cwd) override;
};

// Hears about each step as it runs.
class InstallReporter {
 public:
  virtual ~InstallReporter() = default;
  virtual void started(const InstallStep& step) = 0;
  // `output` is the failing command's stdout and stderr, empty on success.
  virtual void finished(const InstallStep& step, bool ok, double seconds,
                        std::string_view output) = 0;
};

// Runs every step, stopping at the first that fails; writes each step's
// stamp after it succeeded. Then, if the plan found tools missing, fails
// naming them and the Debian packages to install.
Status run_installs(const InstallPlan& plan, StepRunner& runner, InstallReporter& reporter);

// The error for missing tools, shared with a dry run's warning.
Error missing_tools_error(const std::vector<MissingTool>& missing);

}  // namespace strata::gen
