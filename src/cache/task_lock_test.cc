#include "cache/task_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache/test_dir.h"

namespace strata {
namespace {

using testutil::TestDir;

// The lock is held by another process: a child takes it and reports back.
TEST(TaskLocks, AnotherProcessHoldingATaskIsNamed) {
  TestDir dir;
  int ready[2], done[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(done), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    TaskLocks locks(dir.path(".strata/locks"));
    bool took = !locks.try_lock("app:build").has_value();
    char c = took ? 'y' : 'n';
    (void)!::write(ready[1], &c, 1);
    (void)!::read(done[0], &c, 1);
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  TaskLocks mine(dir.path(".strata/locks"));
  auto holder = mine.try_lock("app:build");
  ASSERT_TRUE(holder.has_value());
  EXPECT_EQ(holder->pid, child);
  EXPECT_EQ(holder->task_id, "app:build");
  EXPECT_FALSE(mine.try_lock("app:test").has_value()) << "other tasks are free";
  (void)!::write(done[1], "x", 1);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_FALSE(mine.try_lock("app:build").has_value()) << "free once its holder exited";
}

TEST(TaskLocks, UnlockFreesTheTaskForOthers) {
  TestDir dir;
  TaskLocks a(dir.path("locks")), b(dir.path("locks"));
  EXPECT_FALSE(a.try_lock("x:y").has_value());
  EXPECT_FALSE(a.try_lock("x:y").has_value()) << "already ours";
  EXPECT_TRUE(b.try_lock("x:y").has_value()) << "flock is per open file, even in one process";
  a.unlock("x:y");
  EXPECT_TRUE(b.try_lock("x:y").has_value()) << "taken twice, released once";
  a.unlock("x:y");
  EXPECT_FALSE(b.try_lock("x:y").has_value());
}

}  // namespace
}  // namespace strata
