// `strata vec` through the command table and the data plugin, on the
// embedded store in a temporary workspace: collections, upserts from a
// file (a bad line stops at FILE:LINE with what came before saved),
// queries and filters, and the errors with their exit codes.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;

using Output = testsupport::CommandOutput;

struct Store {
  testutil::TempDir dir;

  Store() { dir.write("strata.json", "{}"); }

  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"vec"}, args);
  }
  // docs, dim 2, l2, with a (0,0) en, b (1,0) de, c (5,5) en.
  void fill() {
    // Without fsync: these records need not survive a power loss.
    ASSERT_EQ(
        run({"create", "docs", "--dim", "2", "--metric", "l2", "--durability", "process"}).code, 0);
    dir.write("r.jsonl",
              R"({"id": "a", "embedding": [0, 0], "metadata": {"lang": "en", "year": 2001}}
{"id": "b", "embedding": [1, 0], "metadata": {"lang": "de", "year": 1999}}
{"id": "c", "embedding": [5, 5], "metadata": {"lang": "en", "year": 2020}}
)");
    Output up = run({"upsert", "docs", "--file", dir.path("r.jsonl").string(), "--quiet"});
    ASSERT_EQ(up.code, 0) << up.err;
  }
  std::vector<std::string> hit_ids(const Output& o) {
    std::vector<std::string> ids;
    std::istringstream in(o.out);
    std::string line;
    if (!std::getline(in, line) || line.empty()) return ids;
    json answer = json::parse(line);
    for (const auto& h : answer["hits"]) ids.push_back(h["id"]);
    return ids;
  }
};

using Ids = std::vector<std::string>;

TEST(VecCommand, QueriesReturnTheNearestFirst) {
  Store s;
  s.fill();
  Output o = s.run({"query", "docs", "-k", "2", "--vector", "[0.9, 0.1]", "--quiet"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(s.hit_ids(o), (Ids{"b", "a"}));
}

TEST(VecCommand, FiltersNarrowQueriesAndCounts) {
  Store s;
  s.fill();
  Output q = s.run({"query", "docs", "-k", "3", "--vector", "[0.9, 0.1]", "--where",
                    R"({"lang": "en"})", "--quiet"});
  ASSERT_EQ(q.code, 0) << q.err;
  EXPECT_EQ(s.hit_ids(q), (Ids{"a", "c"}));
  Output c = s.run({"count", "docs", "--where", R"({"year": {"$gte": 2000}})", "--json"});
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.out.find('2'), std::string::npos) << c.out;
}

TEST(VecCommand, AnUnknownOperatorListsTheSupportedOnes) {
  Store s;
  s.fill();
  Output o = s.run({"count", "docs", "--where", R"({"year": {"$between": [1, 2]}})"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("$between"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("$gte"), std::string::npos) << o.err;
}

TEST(VecCommand, ABadLineStopsTheUpsertAtFileAndLineKeepingWhatCameBefore) {
  Store s;
  ASSERT_EQ(s.run({"create", "docs", "--dim", "2"}).code, 0);
  s.dir.write("bad.jsonl", R"({"id": "x", "embedding": [1, 2]}
{"id": "y", "embedding": [3, 4]}
{"id": "z", "embedding": [1, 2, 3]}
{"id": "w", "embedding": [5, 6]}
)");
  std::string file = s.dir.path("bad.jsonl").string();
  Output o = s.run({"upsert", "docs", "--file", file, "--batch", "1"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find(file + ":3"), std::string::npos) << o.err;
  Output get = s.run({"get", "docs", "x", "y", "w"});
  EXPECT_NE(get.out.find("\"x\""), std::string::npos) << get.out;
  EXPECT_NE(get.out.find("\"y\""), std::string::npos) << get.out;
  EXPECT_EQ(get.out.find("\"w\""), std::string::npos) << get.out;
}

TEST(VecCommand, AQueryOfTheWrongDimensionFails) {
  Store s;
  s.fill();
  Output o = s.run({"query", "docs", "--vector", "[1, 2, 3]", "--quiet"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
}

TEST(VecCommand, CreateIsIdempotentButRefusesAnotherShape) {
  Store s;
  ASSERT_EQ(s.run({"create", "docs", "--dim", "2"}).code, 0);
  EXPECT_EQ(s.run({"create", "docs", "--dim", "2"}).code, 0);
  Output other = s.run({"create", "docs", "--dim", "3"});
  EXPECT_EQ(other.code, 1);
  EXPECT_NE(other.err.find("collection 'docs' exists with dimension 2"), std::string::npos)
      << other.err;
  Output metric = s.run({"create", "docs", "--dim", "2", "--metric", "l2"});
  EXPECT_EQ(metric.code, 1);
}

TEST(VecCommand, DropRemovesTheCollection) {
  Store s;
  s.fill();
  ASSERT_EQ(s.run({"drop", "docs"}).code, 0);
  Output gone = s.run({"count", "docs"});
  EXPECT_EQ(gone.code, 1);
  EXPECT_NE(gone.err.find("docs"), std::string::npos) << gone.err;
  ASSERT_EQ(s.run({"create", "docs", "--dim", "3"}).code, 0);  // a new shape is fine now
}

TEST(VecCommand, DeletedRecordsAreNoLongerFound) {
  Store s;
  s.fill();
  ASSERT_EQ(s.run({"delete", "docs", "b"}).code, 0);
  Output o = s.run({"query", "docs", "-k", "3", "--vector", "[1, 0]", "--quiet"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(s.hit_ids(o), (Ids{"a", "c"}));
}

TEST(VecCommand, InfoListsTheCollections) {
  Store s;
  s.fill();
  ASSERT_EQ(s.run({"create", "other", "--dim", "4"}).code, 0);
  Output o = s.run({"info", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find(R"({"dim":2,"metric":"l2","name":"docs"})"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(R"({"dim":4,"metric":"cosine","name":"other"})"), std::string::npos)
      << o.out;
  Output one = s.run({"info", "docs"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(json::parse(one.out)["dim"], 2) << one.out;
  EXPECT_EQ(s.run({"info", "nope"}).code, 1);
}

TEST(VecCommand, ADimensionMustBePositive) {
  Store s;
  EXPECT_NE(s.run({"create", "docs", "--dim", "0"}).code, 0);
  EXPECT_NE(s.run({"create", "docs"}).code, 0);
}

// Forty query lines, unfiltered, filtered, and filtered to nothing by a
// string compared with numbers (which warns), each tagged with its number.
std::string query_lines() {
  std::string out;
  const char* wheres[] = {"", R"(, "where": {"lang": "en"})", R"(, "where": {"year": "2001"})"};
  for (int i = 0; i < 40; ++i)
    out += fmt::format(R"({{"id": {}, "embedding": [{}, {}], "k": {}{}}})", i, i % 6, i % 5,
                       1 + i % 3, wheres[i % 3]) +
           "\n";
  return out;
}

// The summary's times differ from run to run; the warnings must not.
std::string without_summary(const std::string& err) { return err.substr(0, err.find("Answered ")); }

TEST(VecCommand, ParallelQueriesPrintWhatOneAtATimePrints) {
  Store s;
  s.fill();
  s.dir.write("q.jsonl", query_lines());
  std::string file = s.dir.path("q.jsonl").string();
  Output serial = s.run({"query", "docs", "--file", file});
  ASSERT_EQ(serial.code, 0) << serial.err;
  EXPECT_EQ(std::count(serial.out.begin(), serial.out.end(), '\n'), 40);
  for (const char* n : {"2", "4", "16"}) {
    Output parallel = s.run({"query", "docs", "--file", file, "--parallel", n});
    ASSERT_EQ(parallel.code, 0) << parallel.err;
    EXPECT_EQ(parallel.out, serial.out) << n;
    EXPECT_EQ(without_summary(parallel.err), without_summary(serial.err)) << n;
    EXPECT_NE(parallel.err.find("warning: filter on 'year'"), std::string::npos) << parallel.err;
    EXPECT_NE(parallel.err.find("Answered 40 queries ("), std::string::npos) << parallel.err;
  }
}

TEST(VecCommand, ABadLineStopsParallelQueriesAtItsLineAfterTheEarlierAnswers) {
  Store s;
  s.fill();
  std::string lines = query_lines();
  size_t cut = 0;
  for (int i = 0; i < 12; ++i) cut = lines.find('\n', cut) + 1;
  s.dir.write("q.jsonl", lines.substr(0, cut));
  s.dir.write("bad.jsonl", lines.substr(0, cut) + "{\"embedding\": 3}\n" + lines.substr(cut));
  Output first = s.run({"query", "docs", "--file", s.dir.path("q.jsonl").string()});
  Output bad =
      s.run({"query", "docs", "--file", s.dir.path("bad.jsonl").string(), "--parallel", "4"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("bad.jsonl:13:"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.out, first.out);
}

TEST(VecCommand, ParallelMustBeAtLeastOne) {
  Store s;
  s.fill();
  Output o = s.run({"query", "docs", "--file", "q.jsonl", "--parallel", "0"});
  EXPECT_NE(o.code, 0);
  EXPECT_NE(o.err.find("--parallel must be from 1 to 256"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace strata::cli
