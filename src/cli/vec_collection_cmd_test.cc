// `strata vec create/drop/index/info` by their outputs: the --json lines,
// the summaries on stderr, the plain listing, and the refusals of unknown
// metrics, index kinds, durabilities and collections.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Store {
  testutil::TempDir dir;
  Store() { dir.write("strata.json", "{}"); }
  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"vec"}, args);
  }
};

TEST(VecCollectionCommand, CreateJsonIsOneLineWithTheShape) {
  Store s;
  Output o = s.run(
      {"create", "docs", "--dim", "3", "--metric", "ip", "--durability", "process", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out), json({{"name", "docs"}, {"dim", 3}, {"metric", "ip"}}));
  EXPECT_EQ(o.out.back(), '\n');
}

TEST(VecCollectionCommand, CreateWithoutJsonSummarisesOnStderr) {
  Store s;
  Output o = s.run({"create", "docs", "--dim", "2", "--durability", "process"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_TRUE(contains(o.err, "Collection 'docs' (dimension 2, cosine) in ")) << o.err;
}

TEST(VecCollectionCommand, UnknownMetricIndexAndDurabilityAreRefused) {
  Store s;
  for (std::vector<std::string> extra : {std::vector<std::string>{"--metric", "manhattan"},
                                         {"--index", "annoy"},
                                         {"--durability", "never"}}) {
    std::vector<std::string> args{"create", "docs", "--dim", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    Output o = s.run(args);
    EXPECT_EQ(o.code, 1) << extra[1];
    EXPECT_TRUE(contains(o.err, "strata: error: ")) << o.err;
    EXPECT_TRUE(contains(o.err, extra[1])) << o.err;
  }
  Output listed = s.run({"info", "--json"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  EXPECT_EQ(listed.out, "") << "no collection was made";
}

TEST(VecCollectionCommand, DropJsonNamesWhatWasDroppedAndAnUnknownOneFails) {
  Store s;
  ASSERT_EQ(s.run({"create", "docs", "--dim", "2", "--durability", "process"}).code, 0);
  Output o = s.run({"drop", "docs", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out), json({{"dropped", "docs"}}));
  Output again = s.run({"drop", "docs"});
  EXPECT_EQ(again.code, 1);
  EXPECT_TRUE(contains(again.err, "docs")) << again.err;
}

TEST(VecCollectionCommand, InfoListsOneLinePerCollection) {
  Store s;
  ASSERT_EQ(s.run({"create", "b", "--dim", "4", "--durability", "process"}).code, 0);
  ASSERT_EQ(s.run({"create", "a", "--dim", "2", "--metric", "l2", "--durability", "process"}).code,
            0);
  Output o = s.run({"info"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "a\tdim 2\tl2\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "b\tdim 4\tcosine\n")) << o.out;
}

TEST(VecCollectionCommand, IndexBringsACollectionUpToDateAndRefusesAnUnknownOne) {
  Store s;
  ASSERT_EQ(s.run({"create", "docs", "--dim", "2", "--durability", "process"}).code, 0);
  Output o = s.run({"index", "docs"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(contains(o.err, "Index of 'docs' is up to date")) << o.err;
  Output missing = s.run({"index", "nope"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_TRUE(contains(missing.err, "nope")) << missing.err;
  EXPECT_EQ(s.run({"index"}).code, 2) << "the name is required";
}

}  // namespace
}  // namespace strata::cli
