// A step's output is captured rather than streamed: on success nobody needs
// npm's or pip's chatter between the generator's file list and the next
// command, and on failure the reporter shows it in full before the error.

#include "gen/installer.h"

#include <algorithm>
#include <chrono>

#include "util/fs.h"

namespace strata::gen {

namespace {

std::string joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

// The last non-empty line of the output, which for npm and pip is the
// one that says what went wrong.
std::string last_line(std::string_view text) {
  while (!text.empty()) {
    size_t nl = text.find_last_of('\n');
    std::string_view line = nl == std::string_view::npos ? text : text.substr(nl + 1);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      size_t end = line.find_last_not_of(" \t\r");
      return std::string(line.substr(0, end + 1));
    }
    if (nl == std::string_view::npos) break;
    text = text.substr(0, nl);
  }
  return "";
}

Error step_error(const InstallStep& step, std::string what) {
  return Error("install step '" + step.name + "' failed: " + what, {},
               "the generated files are kept; fix the cause and run it by hand: " +
                   shell_line(step) + " (or pass --skip-install)");
}

// Runs one step's commands; on failure fills `output` and returns the error.
Status run_step(const InstallStep& step, StepRunner& runner, std::string& output) {
  for (const auto& argv : step.commands) {
    auto r = runner.run(argv, step.cwd);
    if (!r) return step_error(step, r.error().message);
    if (r->exit_code != 0) {
      output = r->out + r->err;
      std::string why = last_line(r->err).empty() ? last_line(r->out) : last_line(r->err);
      return step_error(step, "'" + joined(argv) + "' exited with " +
                                  std::to_string(r->exit_code) + (why.empty() ? "" : ": " + why));
    }
  }
  if (!step.stamp_path.empty())
    if (auto st = write_atomic(step.cwd / step.stamp_path, step.stamp_content); !st)
      return step_error(step, st.error().message);
  return ok_status();
}

}  // namespace

Result<ProcessOutput> SystemStepRunner::run(const std::vector<std::string>& argv,
                                            const std::filesystem::path& cwd) {
  return run_capture(argv, {"PIP_DISABLE_PIP_VERSION_CHECK=1"}, cwd.string());
}

Status run_installs(const InstallPlan& plan, StepRunner& runner, InstallReporter& reporter) {
  using clock = std::chrono::steady_clock;
  for (const auto& step : plan.steps) {
    reporter.started(step);
    auto start = clock::now();
    std::string output;
    auto st = run_step(step, runner, output);
    double seconds = std::chrono::duration<double>(clock::now() - start).count();
    reporter.finished(step, st.ok(), seconds, output);
    if (!st) return st;
  }
  if (!plan.missing.empty()) return missing_tools_error(plan.missing);
  return ok_status();
}

Error missing_tools_error(const std::vector<MissingTool>& missing) {
  std::string what;
  std::vector<std::string> packages;
  for (const auto& m : missing) {
    what += (what.empty() ? "" : ", ") + m.what;
    if (std::find(packages.begin(), packages.end(), m.package) == packages.end())
      packages.push_back(m.package);
  }
  return Error("the generated code needs what this machine lacks: " + what, {},
               "the generated files are kept; install it with: sudo apt-get install -y " +
                   joined(packages));
}

}  // namespace strata::gen
