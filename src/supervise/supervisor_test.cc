#include "supervise/supervisor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "supervise/up_lock.h"
#include "supervise/up_state.h"
#include "util/fs.h"

namespace strata {
namespace {

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / (name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(Supervisor, GivesUpOnAProcessThatNeverBecomesHealthyAndSaysWhere) {
  auto dir = temp_dir("supervisor_test");
  ProcessSpec p;
  p.name = "broken";
  p.kind = "service";
  p.command = "echo booting; exit 3";
  p.cwd = dir.string();
  p.port = 1;
  SupervisorOptions o;
  o.dir = dir;
  o.out = std::tmpfile();
  o.max_failed_starts = 2;
  EXPECT_EQ(supervise({p}, o), 1);
  auto log = read_file(dir / "logs" / "broken.log");
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find("booting\n"), std::string::npos);
  EXPECT_NE(log->find("broken exited with code 3; restarting in 0.5s (restart 1)"),
            std::string::npos);
  EXPECT_NE(log->find("broken exited with code 3 before it was healthy, 2 times in a row"),
            std::string::npos);
  // The state goes with the supervisor.
  EXPECT_FALSE(std::filesystem::exists(dir / "state"));
  std::fclose(o.out);
  std::filesystem::remove_all(dir);
}

TEST(UpLock, ASecondHolderIsRefusedWithTheFirstOnesPid) {
  auto dir = temp_dir("up_lock_test");
  auto first = UpLock::acquire(dir);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(up_lock_holder(dir), getpid());
  auto second = UpLock::acquire(dir);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::k_conflict);
  EXPECT_NE(second.error().message.find("pid " + std::to_string(getpid())), std::string::npos);
  first->reset();
  EXPECT_EQ(up_lock_holder(dir), 0);
  std::filesystem::remove_all(dir);
}

TEST(JwtKey, MadeOnceWithOwnerOnlyModeUnlessTheEnvironmentHasOne) {
  auto dir = temp_dir("jwt_key_test");
  const char* const none[] = {"PATH=/bin", nullptr};
  auto key = workspace_jwt_key(dir, none);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 64u);
  EXPECT_EQ(*workspace_jwt_key(dir, none), *key);
  auto perms = std::filesystem::status(dir / "jwt-key").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const char* const given[] = {"STRATA_SERVICE_JWT_KEY=from-env", nullptr};
  EXPECT_EQ(*workspace_jwt_key(dir, given), "from-env");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata
