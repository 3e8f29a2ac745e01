// Runs against real git repositories created in temporary directories.

#include "vcs/git.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "util/temp_dir.h"
#include "vcs/subprocess.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class GitRepo : public ::testing::Test {
 protected:
  testutil::TempDir m_dir{"strata-git-test"};
  fs::path dir = m_dir.root();

  void SetUp() override { git({"init", "-q", "-b", "main"}); }

  void git(std::vector<std::string> args) {
    std::vector<std::string> argv = {"git",
                                     "-C",
                                     dir.string(),
                                     "-c",
                                     "user.name=Test",
                                     "-c",
                                     "user.email=test@example.com",
                                     "-c",
                                     "commit.gpgsign=false"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_capture(argv);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->exit_code, 0) << r->err;
  }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel) << text;
  }
  void commit_all(const std::string& msg) {
    git({"add", "-A"});
    git({"commit", "-q", "-m", msg});
  }
  // main: a, b, c, d, sub/s; feature branches off and changes a.
  void base_history() {
    for (auto f : {"a.txt", "b.txt", "c.txt", "d.txt", "sub/s.txt", "sub/t.txt"}) write(f, f);
    write(".gitignore", "*.log\n");
    commit_all("base");
    git({"checkout", "-q", "-b", "feature"});
    write("a.txt", "changed on feature");
    commit_all("feature work");
  }
};

TEST_F(GitRepo, WorkingTreeAgainstBase) {
  base_history();
  write("b.txt", "uncommitted");
  write("new.txt", "untracked");
  write("ignored.log", "ignored");
  fs::remove(dir / "c.txt");
  git({"mv", "d.txt", "e.txt"});
  auto r = changed_files(dir, "main", "");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_THAT(r->files, ElementsAre("a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "new.txt"));
}

TEST_F(GitRepo, UsesTheMergeBaseNotTheBaseTip) {
  base_history();
  git({"checkout", "-q", "main"});
  write("z.txt", "only on main, after the branch point");
  commit_all("main moves on");
  git({"checkout", "-q", "feature"});
  auto r = changed_files(dir, "main", "");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_THAT(r->files, ElementsAre("a.txt"));
}

TEST_F(GitRepo, BetweenTwoRevisionsIgnoresTheWorkingTree) {
  base_history();
  git({"mv", "b.txt", "renamed.txt"});
  commit_all("rename");
  write("c.txt", "uncommitted");
  write("new.txt", "untracked");
  auto r = changed_files(dir, "main", "feature");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_THAT(r->files, ElementsAre("a.txt", "b.txt", "renamed.txt"));
}

TEST_F(GitRepo, WorkspaceRootBelowTheTopLevel) {
  base_history();
  write("sub/s.txt", "changed");
  write("sub/new/u.txt", "untracked");
  write("b.txt", "outside the workspace");
  auto r = changed_files(dir / "sub", "main", "");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_THAT(r->files, ElementsAre("new/u.txt", "s.txt"));
}

TEST_F(GitRepo, UnknownBaseRevision) {
  base_history();
  auto r = changed_files(dir, "no-such-branch", "");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("unknown base revision 'no-such-branch'"));
  EXPECT_THAT(r.error().hint, HasSubstr("--base"));
  EXPECT_THAT(r.error().hint, HasSubstr("git fetch"));
}

TEST_F(GitRepo, OptionLikeRevisionIsRejected) {
  base_history();
  auto r = changed_files(dir, "--output=/tmp/x", "");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("invalid revision"));
}

TEST_F(GitRepo, NoCommitsYet) {
  write("a.txt", "a");
  auto r = changed_files(dir, "HEAD", "");
  ASSERT_FALSE(r.ok());
}

TEST_F(GitRepo, DefaultBranch) {
  base_history();
  auto r = default_branch(dir);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(*r, "main");
}

TEST(Git, NotARepository) {
  fs::path dir = fs::temp_directory_path() / ("strata-not-git-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // GIT_CEILING_DIRECTORIES keeps git from finding a repository above /tmp.
  ::setenv("GIT_CEILING_DIRECTORIES", fs::temp_directory_path().c_str(), 1);
  auto r = changed_files(dir, "main", "");
  ::unsetenv("GIT_CEILING_DIRECTORIES");
  fs::remove_all(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("not a git repository"));
  EXPECT_THAT(r.error().hint, HasSubstr("--files"));
}

TEST(Subprocess, CapturesBothStreamsAndTheExitCode) {
  auto r = run_capture({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);
}

TEST(Subprocess, ArgumentsAreNotInterpretedByAShell) {
  auto r = run_capture({"echo", "$(id)", ";", "&&", "*"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "$(id) ; && *\n");
}

TEST(Subprocess, MissingProgramIsAnError) {
  auto r = run_capture({"strata-no-such-program-xyz"});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("cannot run 'strata-no-such-program-xyz'"));
}

TEST(Subprocess, EnvironmentEntriesAreAdded) {
  auto r = run_capture({"sh", "-c", "echo $STRATA_TEST_VAR"}, {"STRATA_TEST_VAR=hello"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "hello\n");
}

}  // namespace
}  // namespace strata
