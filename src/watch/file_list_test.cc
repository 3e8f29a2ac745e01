#include "watch/file_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::ElementsAre;

FileList two(int64_t ctime_b) {
  FileList f;
  f.files = {"a", "b"};
  f.stats.resize(2);
  f.stats[1].ctime_ns = ctime_b;
  return f;
}

TEST(FileList, ChangedFilesAreAddedRemovedOrRestatted) {
  FileList after = two(7);
  after.files.push_back("c");
  after.stats.push_back({});
  FileList before = two(0);
  before.files.insert(before.files.begin(), "0");
  before.stats.insert(before.stats.begin(), FileStat{});
  EXPECT_THAT(changed_files(before, after), ElementsAre("0", "b", "c"));
  EXPECT_THAT(changed_files(two(1), two(1)), ElementsAre());
}

TEST(FileList, DirectoriesIncludeAncestorsAndTheRoot) {
  EXPECT_THAT(directories_of({"a/b/c.txt", "a/d.txt", "top.txt", "x/y/z/w.txt"}),
              ElementsAre("", "a", "a/b", "x", "x/y", "x/y/z"));
}

}  // namespace
}  // namespace strata
