// `strata db new/migrate/rollback/status/repair` by what they print: the
// --json documents' shapes, the plans of --dry-run, the summaries, and the
// usage errors with exit code 2.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/fs.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Output = testsupport::CommandOutput;

struct Migrations {
  testutil::TempDir dir;

  Migrations() {
    dir.write("strata.json", R"({"db": {"url": "sqlite:.strata/app.db"}})");
    dir.write("db/migrations/1_users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY);\n");
    dir.write("db/migrations/1_users.down.sql", "DROP TABLE users;\n");
    dir.write("db/migrations/2_posts.sql", "CREATE TABLE posts(id INTEGER PRIMARY KEY);\n");
    dir.write("db/migrations/2_posts.down.sql", "DROP TABLE posts;\n");
  }
  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"db"}, args);
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DbMigrateCommand, MigrateJsonListsWhatItApplied) {
  Migrations m;
  Output o = m.run({"migrate", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json doc = json::parse(o.out);
  EXPECT_EQ(doc["dryRun"], false);
  EXPECT_TRUE(doc["url"].get<std::string>().starts_with("sqlite:")) << doc["url"];
  ASSERT_EQ(doc["migrations"].size(), 2u);
  EXPECT_EQ(doc["migrations"][0]["version"], "1");
  EXPECT_EQ(doc["migrations"][0]["name"], "users");
  EXPECT_EQ(doc["migrations"][1]["noTransaction"], false);
  Output again = m.run({"migrate", "--json"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_TRUE(json::parse(again.out)["migrations"].empty());
}

TEST(DbMigrateCommand, ADryRunPrintsThePlanAndAppliesNothing) {
  Migrations m;
  Output o = m.run({"migrate", "--dry-run"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "migration(s) to apply")) << o.out;
  EXPECT_TRUE(contains(o.out, "  1_users\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "  2_posts\n")) << o.out;
  Output applied = m.run({"migrate"});
  ASSERT_EQ(applied.code, 0) << applied.err;
  EXPECT_TRUE(contains(applied.out, "Applied 2 migration(s) on ")) << applied.out;
  EXPECT_TRUE(contains(m.run({"migrate"}).out, "Nothing to apply: ")) << applied.out;
}

TEST(DbMigrateCommand, RollbackUndoesTheNewestFirstAndSaysWhenThereIsNothing) {
  Migrations m;
  Output nothing = m.run({"rollback"});
  ASSERT_EQ(nothing.code, 0) << nothing.err;
  EXPECT_TRUE(contains(nothing.out, "has no applied migrations")) << nothing.out;
  ASSERT_EQ(m.run({"migrate"}).code, 0);
  Output plan = m.run({"rollback", "--dry-run", "--json"});
  ASSERT_EQ(plan.code, 0) << plan.err;
  json doc = json::parse(plan.out);
  EXPECT_EQ(doc["dryRun"], true);
  ASSERT_EQ(doc["migrations"].size(), 1u);
  EXPECT_EQ(doc["migrations"][0]["version"], "2");
  Output back = m.run({"rollback"});
  ASSERT_EQ(back.code, 0) << back.err;
  EXPECT_TRUE(contains(back.out, "Rolled back 1 migration(s)")) << back.out;
  json status = json::parse(m.run({"status", "--json"}).out);
  EXPECT_EQ(status["migrations"][0]["state"], "applied");
  EXPECT_EQ(status["migrations"][1]["state"], "pending");
}

TEST(DbMigrateCommand, RollbackStepsBelowOneIsAUsageError) {
  Migrations m;
  for (const char* steps : {"0", "-3"}) {
    Output o = m.run({"rollback", "--steps", steps});
    EXPECT_EQ(o.code, 2) << steps;
    EXPECT_TRUE(contains(o.err, "strata: error: --steps must be at least 1")) << o.err;
  }
}

TEST(DbMigrateCommand, StatusJsonCarriesTheHistoryOfAppliedMigrations) {
  Migrations m;
  ASSERT_EQ(m.run({"migrate", "--json"}).code, 0);
  m.dir.write("db/migrations/3_tags.sql", "CREATE TABLE tags(id INTEGER);\n");
  Output o = m.run({"status", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;  // pending alone is not a failure without --check
  json doc = json::parse(o.out);
  ASSERT_EQ(doc["migrations"].size(), 3u);
  const json& first = doc["migrations"][0];
  EXPECT_EQ(first["state"], "applied");
  EXPECT_EQ(first["hasDown"], true);
  EXPECT_TRUE(first.contains("appliedAt"));
  EXPECT_TRUE(first.contains("checksum"));
  const json& third = doc["migrations"][2];
  EXPECT_EQ(third["state"], "pending");
  EXPECT_EQ(third["hasDown"], false);
  EXPECT_FALSE(third.contains("appliedAt"));
  Output check = m.run({"status", "--check"});
  EXPECT_EQ(check.code, 1);
  EXPECT_TRUE(contains(check.err, "1 pending")) << check.err;
  EXPECT_TRUE(contains(check.err, "hint: run `strata db migrate`")) << check.err;
}

TEST(DbMigrateCommand, StatusTextSummarisesByState) {
  Migrations m;
  ASSERT_EQ(m.run({"migrate"}).code, 0);
  m.dir.write("db/migrations/3_tags.sql", "CREATE TABLE tags(id INTEGER);\n");
  Output o = m.run({"status"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "(db/migrations)")) << o.out;
  EXPECT_TRUE(contains(o.out, "2 applied, 1 pending\n")) << o.out;
}

TEST(DbMigrateCommand, AnEmptyDirectoryHasNoMigrations) {
  testutil::TempDir dir;
  dir.write("strata.json", R"({"db": {"url": "sqlite:.strata/app.db"}})");
  fs::create_directories(dir.path("db/migrations"));
  Output o = testsupport::run_in(dir.root(), {"db"}, {"status"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "No migrations.")) << o.out;
}

TEST(DbMigrateCommand, RepairWithNothingToRepairSaysSo) {
  Migrations m;
  ASSERT_EQ(m.run({"migrate"}).code, 0);
  Output o = m.run({"repair"});
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "Nothing to repair.\n");
  Output j = m.run({"repair", "--json"});
  ASSERT_EQ(j.code, 0) << j.err;
  EXPECT_EQ(json::parse(j.out),
            json({{"dirtyRemoved", json::array()}, {"checksumsUpdated", json::array()}}));
}

TEST(DbMigrateCommand, RepairAcceptsAnEditedAppliedFile) {
  Migrations m;
  ASSERT_EQ(m.run({"migrate"}).code, 0);
  m.dir.write("db/migrations/1_users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY, x INT);\n");
  Output j = m.run({"repair", "--json"});
  ASSERT_EQ(j.code, 0) << j.err;
  EXPECT_EQ(json::parse(j.out)["checksumsUpdated"], json::array({"1"}));
}

TEST(DbMigrateCommand, NewCreatesTheNextFileAndItsDownFile) {
  Migrations m;
  Output o = m.run({"new", "Add Tags", "--down"});
  ASSERT_EQ(o.code, 0) << o.err;
  std::string up = o.out.substr(0, o.out.find('\n'));
  EXPECT_TRUE(up.starts_with("db/migrations/")) << o.out;
  EXPECT_TRUE(up.ends_with("_add_tags.sql")) << o.out;
  auto text = read_file(m.dir.path(up));
  ASSERT_TRUE(text) << up;
  EXPECT_EQ(*text, "-- " + fs::path(up).filename().string() + "\n");
  std::string down = up.substr(0, up.size() - 4) + ".down.sql";
  EXPECT_TRUE(contains(o.out, down + "\n")) << o.out;
  EXPECT_TRUE(fs::exists(m.dir.path(down)));
}

TEST(DbMigrateCommand, ANewMigrationNeedsANameWithLetters) {
  Migrations m;
  Output o = m.run({"new", "--- !"});
  EXPECT_EQ(o.code, 2);
  EXPECT_TRUE(contains(o.err, "letters or digits")) << o.err;
  Output none = m.run({"new"});
  EXPECT_EQ(none.code, 2);
}

}  // namespace
}  // namespace strata::cli
