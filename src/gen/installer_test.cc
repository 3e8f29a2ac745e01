#include "gen/installer.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "gen/install_progress.h"
#include "gen/scratch_dir.h"

namespace strata::gen {
namespace {

using testing::ScratchDir;

// Records every command; fails the one whose program is `failing`.
class FakeRunner final : public StepRunner {
 public:
  std::string failing;
  std::vector<std::string> ran;
  Result<ProcessOutput> run(const std::vector<std::string>& argv,
                            const std::filesystem::path& cwd) override {
    ran.push_back(argv[0] + " in " + cwd.filename().string());
    if (argv[0] != failing) return ProcessOutput{0, "fine\n", ""};
    return ProcessOutput{1, "progress\n",
                         "npm error code E404\nnpm error 404 Not Found - @acme/nope\n\n"
                         "npm error A complete log of this run can be found in: /x.log\n"};
  }
};

class Recorder final : public InstallReporter {
 public:
  std::vector<std::string> events;
  void started(const InstallStep& s) override { events.push_back("start " + s.name); }
  void finished(const InstallStep& s, bool ok, double, std::string_view output) override {
    events.push_back((ok ? "ok " : "failed ") + s.name + (output.empty() ? "" : " with output"));
  }
};

InstallPlan two_steps(const ScratchDir& dir) {
  InstallPlan plan;
  plan.steps.push_back({"npm packages", dir.root(), {{"npm", "install"}}, "", "", ""});
  plan.steps.push_back({"Python tools (.venv)",
                        dir.root(),
                        {{"python3", "-m", "venv", ".venv"}, {".venv/bin/python", "-m", "pip"}},
                        ".venv/stamp",
                        "pytest\n",
                        "on Debian, venv needs python3-venv"});
  return plan;
}

TEST(Installer, RunsEveryCommandInOrderAndWritesTheStamp) {
  ScratchDir dir;
  FakeRunner runner;
  Recorder events;
  ASSERT_TRUE(run_installs(two_steps(dir), runner, events));
  EXPECT_EQ(runner.ran.size(), 3u);
  EXPECT_EQ(events.events,
            (std::vector<std::string>{"start npm packages", "ok npm packages",
                                      "start Python tools (.venv)", "ok Python tools (.venv)"}));
  EXPECT_EQ(dir.read(".venv/stamp"), "pytest\n");
}

TEST(Installer, AFailureNamesTheStepAndTheCommandToRerunAndStops) {
  ScratchDir dir;
  FakeRunner runner;
  runner.failing = "npm";
  Recorder events;
  auto st = run_installs(two_steps(dir), runner, events);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message,
            "install step 'npm packages' failed: 'npm install' exited with 1: npm error 404 Not "
            "Found - @acme/nope");
  EXPECT_NE(st.error().hint.find("cd " + dir.root().string() + " && npm install"),
            std::string::npos);
  EXPECT_EQ(events.events.back(), "failed npm packages with output");
  EXPECT_EQ(runner.ran.size(), 1u);  // the Python step never started
  EXPECT_FALSE(dir.exists(".venv/stamp"));
}

TEST(Installer, AFailedStepWritesNoStamp) {
  ScratchDir dir;
  FakeRunner runner;
  runner.failing = ".venv/bin/python";
  Recorder events;
  auto st = run_installs(two_steps(dir), runner, events);
  ASSERT_FALSE(st);
  EXPECT_TRUE(st.error().hint.ends_with("; on Debian, venv needs python3-venv")) << st.error().hint;
  EXPECT_FALSE(dir.exists(".venv/stamp"));
}

TEST(Installer, MissingToolsFailAfterTheStepsWithTheirPackages) {
  ScratchDir dir;
  InstallPlan plan = two_steps(dir);
  plan.missing = {{"cmake", "cmake"},
                  {"GoogleTest (gtest/gtest.h)", "libgtest-dev"},
                  {"a C++ compiler", "g++"},
                  {"cmake again", "cmake"}};
  FakeRunner runner;
  Recorder events;
  auto st = run_installs(plan, runner, events);
  ASSERT_FALSE(st);
  EXPECT_EQ(runner.ran.size(), 3u);
  EXPECT_NE(st.error().message.find("cmake, GoogleTest (gtest/gtest.h)"), std::string::npos);
  EXPECT_NE(st.error().hint.find("sudo apt-get install -y cmake libgtest-dev g++"),
            std::string::npos);
  EXPECT_EQ(st.error().hint.find("g++ cmake"), std::string::npos);  // each package once
}

std::string printed(bool tty, bool ok) {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  InstallProgress progress(out, err, tty, "/w");
  InstallStep step{"npm packages", "/w/tools/b", {{"npm", "install"}}, "", "", ""};
  progress.heading(1);
  progress.started(step);
  progress.finished(step, ok, 1.34, ok ? "" : "npm ERR! boom");
  std::string text;
  for (std::FILE* f : {out, err}) {
    std::rewind(f);
    char buf[512];
    size_t n = std::fread(buf, 1, sizeof buf, f);
    text.append(buf, n);
    text += "|";
    std::fclose(f);
  }
  return text;
}

TEST(InstallProgress, PlainOutputIsOneLinePerStepWithItsCommand) {
  EXPECT_EQ(printed(false, true),
            "Installing what the generated code needs (--skip-install skips this):\n"
            "  npm packages: npm install  (in tools/b)\n||");
}

TEST(InstallProgress, ATerminalLineIsRedrawnWhenTheStepEnds) {
  EXPECT_EQ(printed(true, true),
            "Installing what the generated code needs (--skip-install skips this):\n"
            "  … npm packages\r\033[K  ✓ npm packages (1.3s)\n||");
}

TEST(InstallProgress, AFailedStepsOutputGoesToTheErrorStream) {
  EXPECT_EQ(printed(false, false),
            "Installing what the generated code needs (--skip-install skips this):\n"
            "  npm packages: npm install  (in tools/b)\n|npm ERR! boom\n|");
}

}  // namespace
}  // namespace strata::gen
