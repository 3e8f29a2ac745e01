// `strata vec upsert/get/delete/count/query` by their outputs: one JSON
// line per acknowledged record or hit, ids read from files in every form
// the help names, and each refusal as one error line with its exit code.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

std::vector<json> lines(const std::string& out) {
  std::vector<json> docs;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) docs.push_back(json::parse(line));
  return docs;
}

struct Records {
  testutil::TempDir dir;

  Records() {
    dir.write("strata.json", "{}");
    EXPECT_EQ(
        run({"create", "docs", "--dim", "2", "--metric", "l2", "--durability", "process"}).code, 0);
  }
  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"vec"}, args);
  }
  Output upsert(const std::string& text, std::vector<std::string> extra = {}) {
    dir.write("in.jsonl", text);
    std::vector<std::string> args{"upsert", "docs", "--file", dir.path("in.jsonl").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }
};

const char* k_three = R"({"id": "a", "embedding": [0, 0], "metadata": {"lang": "en"}}
{"id": "b", "embedding": [1, 0], "metadata": {"lang": "de"}}
{"id": "c", "embedding": [5, 5]}
)";

TEST(VecRecords, UpsertAcknowledgesEachRecordAsAJsonLine) {
  Records r;
  Output o = r.upsert(k_three);
  ASSERT_EQ(o.code, 0) << o.err;
  auto acks = lines(o.out);
  ASSERT_EQ(acks.size(), 3u) << o.out;
  EXPECT_EQ(acks[0], json({{"id", "a"}, {"status", "upserted"}}));
  EXPECT_EQ(acks[2]["id"], "c");
  EXPECT_NE(o.err.find("Upserted 3 records into 'docs'"), std::string::npos) << o.err;
}

TEST(VecRecords, QuietUpsertPrintsNoAcknowledgements) {
  Records r;
  Output o = r.upsert(k_three, {"--quiet"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(VecRecords, AnUpsertOfAMissingFileNamesIt) {
  Records r;
  Output o = r.run({"upsert", "docs", "--file", r.dir.path("nope.jsonl").string()});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("nope.jsonl: cannot open"), std::string::npos) << o.err;
}

TEST(VecRecords, ALineThatIsNotJsonIsNamedByFileAndLineWithWhatWasSaved) {
  Records r;
  Output o = r.upsert("{\"id\": \"a\", \"embedding\": [0, 0]}\n{nope\n", {"--quiet"});
  EXPECT_EQ(o.code, 1);
  std::string file = r.dir.path("in.jsonl").string();
  EXPECT_NE(o.err.find("strata: error: " + file + ":2"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("not valid JSON"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("the 1 records before this line are saved"), std::string::npos) << o.err;
  EXPECT_EQ(r.run({"count", "docs"}).out, "1\n");
}

TEST(VecRecords, UpsertIntoAnUnknownCollectionFails) {
  Records r;
  r.dir.write("in.jsonl", k_three);
  Output o = r.run({"upsert", "nope", "--file", r.dir.path("in.jsonl").string()});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("nope"), std::string::npos) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(VecRecords, GetPrintsRecordsWithTheirMetadata) {
  Records r;
  ASSERT_EQ(r.upsert(k_three, {"--quiet"}).code, 0);
  Output o = r.run({"get", "docs", "b"});
  ASSERT_EQ(o.code, 0) << o.err;
  auto got = lines(o.out);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["id"], "b");
  EXPECT_EQ(got[0]["metadata"]["lang"], "de");
  EXPECT_EQ(got[0]["embedding"], json({1.0, 0.0}));
}

TEST(VecRecords, GetOfMissingIdsPrintsTheRestAndFails) {
  Records r;
  ASSERT_EQ(r.upsert(k_three, {"--quiet"}).code, 0);
  Output o = r.run({"get", "docs", "a", "x", "y"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(lines(o.out).size(), 1u) << o.out;
  EXPECT_NE(o.err.find("2 of 3 ids not found in 'docs'"), std::string::npos) << o.err;
}

TEST(VecRecords, IdsFromAFileMayBeBareQuotedOrObjects) {
  Records r;
  ASSERT_EQ(r.upsert(k_three, {"--quiet"}).code, 0);
  r.dir.write("ids.txt", "a  \n\"b\"\n{\"id\": \"c\", \"note\": 1}\n");
  Output o = r.run({"get", "docs", "--file", r.dir.path("ids.txt").string()});
  ASSERT_EQ(o.code, 0) << o.err;
  auto got = lines(o.out);
  ASSERT_EQ(got.size(), 3u) << o.out;
  Output d = r.run({"delete", "docs", "--file", r.dir.path("ids.txt").string()});
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_EQ(lines(d.out), std::vector<json>{json({{"deleted", 3}})});
}

TEST(VecRecords, DeleteCountsOnlyWhatExisted) {
  Records r;
  ASSERT_EQ(r.upsert(k_three, {"--quiet"}).code, 0);
  Output o = r.run({"delete", "docs", "a", "zz"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out), json({{"deleted", 1}}));
  EXPECT_EQ(r.run({"count", "docs"}).out, "2\n");
}

TEST(VecRecords, CountPrintsANumberOrJson) {
  Records r;
  ASSERT_EQ(r.upsert(k_three, {"--quiet"}).code, 0);
  EXPECT_EQ(r.run({"count", "docs"}).out, "3\n");
  Output j = r.run({"count", "docs", "--where", R"({"lang": "en"})", "--json"});
  ASSERT_EQ(j.code, 0) << j.err;
  EXPECT_EQ(json::parse(j.out), json({{"count", 1}}));
  Output bad = r.run({"count", "docs", "--where", "{not json"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("strata: error: "), std::string::npos) << bad.err;
}

TEST(VecRecords, QueryRefusesKOutOfRangeAndBadVectors) {
  Records r;
  ASSERT_EQ(r.upsert(k_three, {"--quiet"}).code, 0);
  for (const char* k : {"0", "10001"}) {
    Output o = r.run({"query", "docs", "-k", k, "--vector", "[0, 0]"});
    EXPECT_EQ(o.code, 1) << k;
    EXPECT_NE(o.err.find("-k must be from 1 to 10000"), std::string::npos) << o.err;
  }
  Output syntax = r.run({"query", "docs", "--vector", "[0, "});
  EXPECT_EQ(syntax.code, 1);
  EXPECT_NE(syntax.err.find("--vector is not valid JSON"), std::string::npos) << syntax.err;
  Output words = r.run({"query", "docs", "--vector", R"(["a", "b"])"});
  EXPECT_EQ(words.code, 1);
  EXPECT_NE(words.err.find("embedding values must be numbers"), std::string::npos) << words.err;
  Output shape = r.run({"query", "docs", "--vector", R"({"k": 1})"});
  EXPECT_EQ(shape.code, 1);
  EXPECT_NE(shape.err.find("expected an embedding array"), std::string::npos) << shape.err;
}

TEST(VecRecords, QueryLinesFromAFileCarryTheirIdsAndOptions) {
  Records r;
  ASSERT_EQ(r.upsert(k_three, {"--quiet"}).code, 0);
  r.dir.write("q.jsonl", R"({"id": "q1", "embedding": [0.9, 0], "k": 1}
[5, 5]
{"id": 7, "embedding": [0, 0], "k": 3, "where": {"lang": "de"}}
)");
  Output o = r.run({"query", "docs", "--file", r.dir.path("q.jsonl").string(), "--quiet"});
  ASSERT_EQ(o.code, 0) << o.err;
  auto answers = lines(o.out);
  ASSERT_EQ(answers.size(), 3u) << o.out;
  EXPECT_EQ(answers[0]["id"], "q1");
  ASSERT_EQ(answers[0]["hits"].size(), 1u);
  EXPECT_EQ(answers[0]["hits"][0]["id"], "b");
  EXPECT_EQ(answers[1]["hits"][0]["id"], "c");
  EXPECT_EQ(answers[2]["id"], 7);
  ASSERT_EQ(answers[2]["hits"].size(), 1u);
  EXPECT_EQ(answers[2]["hits"][0]["id"], "b");
}

TEST(VecRecords, ABadQueryLineStopsAtItsFileAndLine) {
  Records r;
  ASSERT_EQ(r.upsert(k_three, {"--quiet"}).code, 0);
  r.dir.write("q.jsonl", "[0, 0]\n[0, 0, 0]\n");
  Output o = r.run({"query", "docs", "--file", r.dir.path("q.jsonl").string(), "--quiet"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(lines(o.out).size(), 1u) << o.out;
  EXPECT_NE(o.err.find(r.dir.path("q.jsonl").string() + ":2"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace strata::cli
