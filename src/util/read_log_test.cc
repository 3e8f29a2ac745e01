#include "util/read_log.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "util/fs.h"
#include "util/temp_dir.h"

namespace strata {
namespace {

TEST(ReadLog, RecordsNothingWithoutAnActiveLog) {
  ReadLog::note("/a");  // no log: must not crash or leak into the next one
  ReadLog log;
  EXPECT_TRUE(log.paths().empty());
  EXPECT_FALSE(log.everything());
}

TEST(ReadLog, ReadFileReportsItsPathSortedAndUnique) {
  testutil::TempDir dir;
  dir.write("b.json", "{}");
  dir.write("a.json", "{}");
  ReadLog log;
  ASSERT_TRUE(read_file(dir.path("b.json")));
  ASSERT_TRUE(read_file(dir.path("a.json")));
  ASSERT_TRUE(read_file(dir.path("b.json")));
  EXPECT_FALSE(read_file(dir.path("missing.json")));
  std::vector<std::string> want = {dir.path("a.json").string(), dir.path("b.json").string(),
                                   dir.path("missing.json").string()};
  EXPECT_EQ(log.paths(), want);
}

TEST(ReadLog, NestedLogRestoresTheOuterOne) {
  ReadLog outer;
  {
    ReadLog inner;
    ReadLog::note("/inner");
    ReadLog::note_everything();
    EXPECT_EQ(inner.paths(), std::vector<std::string>{"/inner"});
    EXPECT_TRUE(inner.everything());
  }
  ReadLog::note("/outer");
  EXPECT_EQ(outer.paths(), std::vector<std::string>{"/outer"});
  EXPECT_FALSE(outer.everything());
}

TEST(ReadLog, TakesReportsFromManyThreads) {
  ReadLog log;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < 100; ++i) ReadLog::note("/f" + std::to_string(t * 100 + i));
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(log.paths().size(), 400u);
}

}  // namespace
}  // namespace strata
