#include "supervise/up_lock.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/temp_dir.h"

namespace strata {
namespace {

// A child process that takes the lock, says so on a pipe, and then waits
// to be killed: the lock must go with it, however it ends.
struct LockHolder {
  pid_t pid = -1;

  explicit LockHolder(const std::filesystem::path& dir) {
    int ready[2];
    if (::pipe(ready) != 0) return;
    pid = ::fork();
    if (pid == 0) {
      ::close(ready[0]);
      auto lock = UpLock::acquire(dir);
      char ok = lock.ok() ? '1' : '0';
      [[maybe_unused]] ssize_t n = ::write(ready[1], &ok, 1);
      for (;;) ::pause();
    }
    ::close(ready[1]);
    char ok = 0;
    if (::read(ready[0], &ok, 1) != 1 || ok != '1') pid = -1;
    ::close(ready[0]);
  }
  void kill9() {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
};

TEST(UpLockAcrossProcesses, TheHoldersPidIsNamedAndItsDeathFreesTheLock) {
  testutil::TempDir t;
  LockHolder holder(t.root());
  ASSERT_GT(holder.pid, 0);
  EXPECT_EQ(up_lock_holder(t.root()), holder.pid);
  auto refused = UpLock::acquire(t.root());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("(pid " + std::to_string(holder.pid) + ")"),
            std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().hint.find("strata down"), std::string::npos);
  holder.kill9();
  // The file still names the dead pid, but nobody holds the lock.
  EXPECT_EQ(up_lock_holder(t.root()), 0);
  auto mine = UpLock::acquire(t.root());
  ASSERT_TRUE(mine.ok()) << mine.error().str();
  EXPECT_EQ(up_lock_holder(t.root()), ::getpid());
}

TEST(UpLockAcrossProcesses, NoLockFileMeansNoHolder) {
  testutil::TempDir t;
  EXPECT_EQ(up_lock_holder(t.path("never-created")), 0);
}

TEST(UpLockAcrossProcesses, AcquireCreatesTheDirectory) {
  testutil::TempDir t;
  auto lock = UpLock::acquire(t.path(".strata/up"));
  ASSERT_TRUE(lock.ok()) << lock.error().str();
  EXPECT_TRUE(t.exists(".strata/up/lock"));
}

TEST(WorkspaceJwtKey, AnEmptyVariableOrFileDoesNotCountAsAKey) {
  testutil::TempDir t;
  const char* const empty_env[] = {"STRATA_SERVICE_JWT_KEY=", nullptr};
  t.write("up/jwt-key", "");
  auto key = workspace_jwt_key(t.path("up"), empty_env);
  ASSERT_TRUE(key.ok()) << key.error().str();
  EXPECT_EQ(key->size(), 64u);
  EXPECT_EQ(t.read("up/jwt-key"), *key);
}

TEST(WorkspaceJwtKey, OnlyTheExactVariableNameIsRead) {
  testutil::TempDir t;
  const char* const env[] = {"STRATA_SERVICE_JWT_KEYS=wrong", "X_STRATA_SERVICE_JWT_KEY=wrong",
                             nullptr};
  auto key = workspace_jwt_key(t.root(), env);
  ASSERT_TRUE(key.ok());
  EXPECT_NE(*key, "wrong");
  EXPECT_TRUE(workspace_jwt_key(t.root(), nullptr).ok());  // no environment at all
}

TEST(WorkspaceJwtKey, KeysAreRandomPerWorkspace) {
  testutil::TempDir a, b;
  auto ka = workspace_jwt_key(a.root(), nullptr);
  auto kb = workspace_jwt_key(b.root(), nullptr);
  ASSERT_TRUE(ka.ok() && kb.ok());
  EXPECT_NE(*ka, *kb);
  EXPECT_EQ(ka->find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace strata
