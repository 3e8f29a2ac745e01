#include "vector/writer_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>

#include "util/temp_dir.h"

namespace strata::vec {
namespace {

using testutil::TempDir;

TEST(WriterLock, TheHolderWritesItsPid) {
  TempDir t;
  auto lock = WriterLock::acquire(t.path("docs.lock"), "collection 'docs'");
  ASSERT_TRUE(lock.ok()) << lock.error().str();
  EXPECT_EQ(t.read("docs.lock"), std::to_string(::getpid()) + "\n");
}

TEST(WriterLock, ASecondWriterIsRefusedNamingTheHolder) {
  // flock belongs to an open file description, so a second open in this
  // process contends like another process would.
  TempDir t;
  auto first = WriterLock::acquire(t.path("docs.lock"), "collection 'docs'");
  ASSERT_TRUE(first.ok());
  auto second = WriterLock::acquire(t.path("docs.lock"), "collection 'docs'");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::k_conflict);
  EXPECT_EQ(second.error().message,
            "collection 'docs' is locked for writing by pid " + std::to_string(::getpid()));
  EXPECT_FALSE(second.error().hint.empty());
  // The refused attempt left the holder's pid in place.
  EXPECT_EQ(t.read("docs.lock"), std::to_string(::getpid()) + "\n");
}

TEST(WriterLock, IsFreeAgainOnceTheHolderIsGone) {
  TempDir t;
  {
    auto first = WriterLock::acquire(t.path("l"), "x");
    ASSERT_TRUE(first.ok());
  }
  EXPECT_TRUE(WriterLock::acquire(t.path("l"), "x").ok());
}

TEST(WriterLock, AMovedLockIsStillHeldAndReleasedOnce) {
  TempDir t;
  std::optional<WriterLock> moved;
  {
    auto lock = WriterLock::acquire(t.path("l"), "x");
    ASSERT_TRUE(lock.ok());
    moved.emplace(std::move(*lock));
  }  // the moved-from lock's destructor must not release it
  EXPECT_FALSE(WriterLock::acquire(t.path("l"), "x").ok());
  moved.reset();
  EXPECT_TRUE(WriterLock::acquire(t.path("l"), "x").ok());
}

TEST(WriterLock, MoveAssignmentReleasesTheLockItReplaces) {
  TempDir t;
  auto a = WriterLock::acquire(t.path("a"), "a");
  auto b = WriterLock::acquire(t.path("b"), "b");
  ASSERT_TRUE(a.ok() && b.ok());
  *a = std::move(*b);  // a now holds b's lock; its own is released
  EXPECT_TRUE(WriterLock::acquire(t.path("a"), "a").ok());
  EXPECT_FALSE(WriterLock::acquire(t.path("b"), "b").ok());
}

TEST(WriterLock, LocksOfDifferentFilesAreIndependent) {
  TempDir t;
  auto a = WriterLock::acquire(t.path("a"), "a");
  auto b = WriterLock::acquire(t.path("b"), "b");
  EXPECT_TRUE(a.ok());
  EXPECT_TRUE(b.ok());
}

TEST(WriterLock, AnUnopenablePathIsAnErrorNamingIt) {
  TempDir t;
  auto lock = WriterLock::acquire(t.path("no/such/dir/l"), "x");
  ASSERT_FALSE(lock.ok());
  EXPECT_NE(lock.error().message.find("cannot open lock file"), std::string::npos);
  EXPECT_NE(lock.error().message.find(t.path("no/such/dir/l").string()), std::string::npos);
}

}  // namespace
}  // namespace strata::vec
