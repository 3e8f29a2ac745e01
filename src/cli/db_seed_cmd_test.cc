// `strata db seed/reset/test-vectors/testdb` by their outputs: seed results
// as text and JSON, a reset that refuses without --yes, deterministic test
// vectors, and usage errors with exit code 2 and a hint.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
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

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<json> lines(const std::string& out) {
  std::vector<json> docs;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) docs.push_back(json::parse(line));
  return docs;
}

struct Seeded {
  testutil::TempDir dir;

  Seeded() {
    dir.write("strata.json", R"({"db": {"url": "sqlite:.strata/app.db"}})");
    dir.write("db/migrations/1_users.sql",
              "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);\n");
    dir.write("db/seeds/default/01_users.csv", "id,name\n1,ada\n2,bob\n");
  }
  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"db"}, args);
  }
};

TEST(DbSeedCommand, SeedWithoutAScenarioUsesDefaultAndReportsEachFile) {
  Seeded s;
  ASSERT_EQ(s.run({"migrate"}).code, 0);
  Output o = s.run({"seed"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "  applied   ")) << o.out;
  EXPECT_TRUE(contains(o.out, "01_users.csv")) << o.out;
  EXPECT_TRUE(contains(o.out, "Seeded scenario 'default' (1 file(s)).")) << o.out;
}

TEST(DbSeedCommand, SeedJsonNamesTheScenarioAndEachFilesOutcome) {
  Seeded s;
  ASSERT_EQ(s.run({"migrate"}).code, 0);
  Output o = s.run({"seed", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json doc = json::parse(o.out);
  EXPECT_EQ(doc["scenario"], "default");
  ASSERT_EQ(doc["files"].size(), 1u);
  EXPECT_EQ(doc["files"][0]["outcome"], "applied");
  EXPECT_FALSE(doc["files"][0]["checksum"].get<std::string>().empty());
  // Edited since: unchanged without --force, reapplied with it.
  s.dir.write("db/seeds/default/01_users.csv", "id,name\n1,ada\n2,bob\n3,cy\n");
  Output forced = s.run({"seed", "--force", "--json"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_EQ(json::parse(forced.out)["files"][0]["outcome"], "reapplied") << forced.out;
}

TEST(DbSeedCommand, ResetWithoutYesOnAPipeRefusesAndDropsNothing) {
  if (isatty(STDIN_FILENO)) GTEST_SKIP() << "stdin is a terminal: reset would ask";
  Seeded s;
  ASSERT_EQ(s.run({"migrate"}).code, 0);
  Output o = s.run({"reset"});
  EXPECT_EQ(o.code, 2);
  EXPECT_TRUE(contains(o.err, "strata: error: not resetting ")) << o.err;
  EXPECT_TRUE(contains(o.err, "hint: pass --yes")) << o.err;
  json status = json::parse(s.run({"status", "--json"}).out);
  EXPECT_EQ(status["migrations"][0]["state"], "applied");
}

TEST(DbSeedCommand, ResetDropsMigratesAndSeedsTheDefaultScenario) {
  Seeded s;
  ASSERT_EQ(s.run({"migrate"}).code, 0);
  Output o = s.run({"reset", "--yes", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json doc = json::parse(o.out);
  ASSERT_EQ(doc["migrations"].size(), 1u);
  EXPECT_EQ(doc["migrations"][0]["name"], "users");
  ASSERT_EQ(doc["seeded"].size(), 1u);
  Output text = s.run({"reset", "--yes", "--no-seed"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "Dropped everything in ")) << text.out;
  EXPECT_TRUE(contains(text.out, "Applied 1 migration(s).")) << text.out;
  EXPECT_FALSE(contains(text.out, "Seeded scenario")) << text.out;
}

TEST(DbSeedCommand, ResetOfAnUnknownScenarioFails) {
  Seeded s;
  Output o = s.run({"reset", "nope", "--yes"});
  EXPECT_EQ(o.code, 1);
  EXPECT_TRUE(contains(o.err, "nope")) << o.err;
}

TEST(DbTestVectors, TheSameSeedGivesTheSameBytesAndAnotherSeedOthers) {
  Seeded s;
  Output a = s.run({"test-vectors", "3", "--dim", "4", "--seed", "7"});
  Output b = s.run({"test-vectors", "3", "--dim", "4", "--seed", "7"});
  Output c = s.run({"test-vectors", "3", "--dim", "4", "--seed", "8"});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  auto docs = lines(a.out);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0]["id"], "vec-000000");
  EXPECT_EQ(docs[2]["metadata"]["index"], 2);
  ASSERT_EQ(docs[1]["embedding"].size(), 4u);
  double norm = 0;
  for (double x : docs[1]["embedding"]) norm += x * x;
  EXPECT_NEAR(norm, 1.0, 1e-4);
}

TEST(DbTestVectors, MetadataValuesAreTypedAndPickedFromTheList) {
  Seeded s;
  Output o = s.run({"test-vectors", "20", "--dim", "2", "--metadata", "lang=en,de", "--metadata",
                    "year=2020", "--metadata", "code=007", "--id-prefix", "d-"});
  ASSERT_EQ(o.code, 0) << o.err;
  auto docs = lines(o.out);
  ASSERT_EQ(docs.size(), 20u);
  EXPECT_EQ(docs[0]["id"], "d-000000");
  for (const auto& d : docs) {
    const json& lang = d["metadata"]["lang"];
    EXPECT_TRUE(lang == "en" || lang == "de") << d;
    EXPECT_EQ(d["metadata"]["year"], 2020);
    EXPECT_EQ(d["metadata"]["code"], "007");
  }
}

TEST(DbTestVectors, BadArgumentsAreUsageErrors) {
  Seeded s;
  Output spec = s.run({"test-vectors", "2", "--dim", "2", "--metadata", "lang"});
  EXPECT_EQ(spec.code, 2);
  EXPECT_TRUE(contains(spec.err, "bad --metadata 'lang'")) << spec.err;
  EXPECT_TRUE(contains(spec.err, "hint: write KEY=VALUE1,VALUE2")) << spec.err;
  Output dim = s.run({"test-vectors", "2", "--dim", "0"});
  EXPECT_EQ(dim.code, 2);
  EXPECT_TRUE(contains(dim.err, "--dim must be positive")) << dim.err;
  Output count = s.run({"test-vectors", "-1", "--dim", "2"});
  EXPECT_EQ(count.code, 2);
  EXPECT_EQ(s.run({"test-vectors", "2"}).code, 2);  // --dim is required
  Output zero = s.run({"test-vectors", "0", "--dim", "2"});
  EXPECT_EQ(zero.code, 0) << zero.err;
  EXPECT_EQ(zero.out, "");
}

TEST(DbTestDb, DropWithoutAUrlAsksWhichOne) {
  testutil::TempDir dir;
  dir.write("strata.json", "{}");
  // Without the variable, too: put back whatever the run had.
  const char* had = std::getenv("STRATA_DATABASE_URL");
  std::string saved = had ? had : "";
  unsetenv("STRATA_DATABASE_URL");
  Output o = testsupport::run_in(dir.root(), {"db"}, {"testdb", "drop"});
  if (had) setenv("STRATA_DATABASE_URL", saved.c_str(), 1);
  EXPECT_EQ(o.code, 2);
  EXPECT_TRUE(contains(o.err, "which test database?")) << o.err;
  EXPECT_TRUE(contains(o.err, "hint: strata db testdb drop URL")) << o.err;
}

}  // namespace
}  // namespace strata::cli
