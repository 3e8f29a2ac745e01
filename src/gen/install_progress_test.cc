#include "gen/install_progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace strata::gen {
namespace {

// A FILE* whose text can be read back.
class Captured {
 public:
  Captured() : m_file(std::tmpfile()) {}
  ~Captured() { std::fclose(m_file); }
  std::FILE* get() const { return m_file; }
  std::string text() const {
    std::fflush(m_file);
    std::string out;
    std::rewind(m_file);
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, m_file)) > 0;) out.append(buf, n);
    return out;
  }

 private:
  std::FILE* m_file;
};

InstallStep npm_step() {
  return {
      "npm packages", "/ws/apps/web", {{"npm", "install"}, {"npm", "run", "prepare"}}, "", "", ""};
}

TEST(InstallProgress, PlainOutputShowsEachCommandAndWhereItRuns) {
  Captured out, err;
  InstallProgress p(out.get(), err.get(), false, "/ws");
  p.heading(1);
  p.started(npm_step());
  p.finished(npm_step(), true, 1.25, "lots of npm output\n");
  EXPECT_EQ(out.text(),
            "Installing what the generated code needs (--skip-install skips this):\n"
            "  npm packages: npm install && npm run prepare  (in apps/web)\n");
  EXPECT_EQ(err.text(), "");  // a step that worked keeps its output to itself
}

TEST(InstallProgress, AStepAtTheRootNamesNoFolder) {
  Captured out, err;
  InstallProgress p(out.get(), err.get(), false, "/ws");
  InstallStep step = npm_step();
  step.cwd = "/ws";
  p.started(step);
  EXPECT_EQ(out.text(), "  npm packages: npm install && npm run prepare\n");
}

TEST(InstallProgress, ATerminalLineIsRedrawnWithTheResultAndTime) {
  Captured out, err;
  InstallProgress p(out.get(), err.get(), true, "/ws");
  p.started(npm_step());
  p.finished(npm_step(), true, 2.04, "");
  EXPECT_EQ(out.text(), "  … npm packages\r\033[K  ✓ npm packages (2.0s)\n");
}

TEST(InstallProgress, AFailedStepsOutputGoesToTheErrorStreamWhole) {
  Captured out, err;
  InstallProgress p(out.get(), err.get(), true, "/ws");
  p.started(npm_step());
  p.finished(npm_step(), false, 0.5, "npm ERR! 404 Not Found\nnpm ERR! left-pad");
  EXPECT_NE(out.text().find("✗ npm packages"), std::string::npos);
  EXPECT_EQ(err.text(), "npm ERR! 404 Not Found\nnpm ERR! left-pad\n");
}

TEST(InstallProgress, NoStepsNoHeading) {
  Captured out, err;
  InstallProgress p(out.get(), err.get(), false, "/ws");
  p.heading(0);
  EXPECT_EQ(out.text(), "");
}

}  // namespace
}  // namespace strata::gen
