#include <gtest/gtest.h>

#include <filesystem>

#include "util/temp_dir.h"
#include "vector/vector_store.h"

namespace strata::vec {
namespace {

namespace fs = std::filesystem;

// Runs with the temporary directory as the working directory, so a
// location taken for a relative path would show up in it.
class InDir {
 public:
  explicit InDir(const fs::path& dir) : m_old(fs::current_path()) { fs::current_path(dir); }
  ~InDir() { fs::current_path(m_old); }

 private:
  fs::path m_old;
};

bool empty_dir(const fs::path& dir) { return fs::is_empty(dir); }

TEST(OpenVectorStore, AMisspelledSchemeIsRefusedBeforeAnythingIsCreated) {
  testutil::TempDir t;
  InDir in(t.root());
  auto store = open_vector_store("postgress://app:hunter2@db/app", Access::k_write);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("postgress://"), std::string::npos) << store.error().message;
  EXPECT_EQ(store.error().message.find("hunter2"), std::string::npos);
  EXPECT_NE(store.error().hint.find("postgres"), std::string::npos) << store.error().hint;
  EXPECT_TRUE(empty_dir(t.root()));
}

TEST(OpenVectorStore, OtherDatabasesAreRefusedToo) {
  testutil::TempDir t;
  InDir in(t.root());
  EXPECT_FALSE(open_vector_store("mysql://root@db/app", Access::k_write).ok());
  EXPECT_TRUE(empty_dir(t.root()));
}

TEST(OpenVectorStore, AKeywordConnectionStringIsPostgresNotADirectory) {
  testutil::TempDir t;
  InDir in(t.root());
  // Nothing listens on port 1: the connection fails, and no directory
  // named after the connection string (password included) appears.
  auto store =
      open_vector_store("host=127.0.0.1 port=1 dbname=app password=hunter2", Access::k_write);
  EXPECT_FALSE(store.ok());
  EXPECT_TRUE(empty_dir(t.root()));
}

TEST(OpenVectorStore, ADirectoryIsCreatedForWritersOnly) {
  testutil::TempDir t;
  auto reader = open_vector_store(t.path("vectors").string(), Access::k_read);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.error().hint.find("strata vec create"), std::string::npos);
  EXPECT_FALSE(t.exists("vectors"));
  auto writer = open_vector_store(t.path("vectors").string(), Access::k_write);
  ASSERT_TRUE(writer.ok()) << writer.error().str();
  EXPECT_TRUE(fs::is_directory(t.path("vectors")));
}

TEST(OpenVectorStore, AFileInTheWayIsAnError) {
  testutil::TempDir t;
  t.write("vectors", "not a directory");
  EXPECT_FALSE(open_vector_store(t.path("vectors").string(), Access::k_write).ok());
  EXPECT_FALSE(open_vector_store(t.path("vectors").string(), Access::k_read).ok());
}

}  // namespace
}  // namespace strata::vec
