// A step's output is captured rather than streamed: on success nobody needs
// npm's or pip's chatter between the generator's file list and the next
// command, and on failure the reporter shows it in full before the error.

#include "gen/installer.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "util/fs.h"

namespace strata::gen {

namespace {

std::string joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

std::string trimmed(std::string_view line) {
  size_t b = line.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  return std::string(line.substr(b, line.find_last_not_of(" \t\r") - b + 1));
}

// npm's error block opens with lines that only label the error ("npm error
// code E404") and closes with where its log is; neither says what is wrong.
bool is_label(std::string_view line) {
  for (std::string_view l : {"npm error code ", "npm error errno ", "npm error syscall ",
                             "npm error path ", "A complete log of this run"})
    if (line.find(l) != std::string_view::npos) return true;
  return false;
}

// The line of a tool's output that says what went wrong: the first that
// mentions an error and is not a label, else the last non-empty one.
std::string reason_line(std::string_view text) {
  std::string last;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string line = trimmed(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty()) continue;
    std::string lower = line;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("error") != std::string::npos && !is_label(line)) return line;
    last = line;
  }
  return last;
}

Error step_error(const InstallStep& step, std::string what) {
  return Error(
      "install step '" + step.name + "' failed: " + what, {},
      "the generated files are kept; fix the cause and run it by hand: " + shell_line(step) +
          " (or pass --skip-install)" + (step.advice.empty() ? "" : "; " + step.advice));
}

// Runs one step's commands; on failure fills `output` and returns the error.
Status run_step(const InstallStep& step, StepRunner& runner, std::string& output) {
  for (const auto& argv : step.commands) {
    auto r = runner.run(argv, step.cwd);
    if (!r) return step_error(step, r.error().message);
    if (r->exit_code != 0) {
      output = r->out + r->err;
      std::string why = reason_line(r->err).empty() ? reason_line(r->out) : reason_line(r->err);
      return step_error(step, "'" + joined(argv) + "' exited with " + std::to_string(r->exit_code) +
                                  (why.empty() ? "" : ": " + why));
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
  return Error(
      "the generated code needs what this machine lacks: " + what, {},
      "the generated files are kept; install it with: sudo apt-get install -y " + joined(packages));
}

}  // namespace strata::gen
