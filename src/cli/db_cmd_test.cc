// `strata db` through the command table, which hands it to the data plugin
// (strata-data.so, found by STRATA_PLUGIN_PATH as the binary finds it), on
// a SQLite database in a temporary workspace: migrate, status, drift,
// repair, rollback and seed, with their exit codes and messages.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;

using Output = testsupport::CommandOutput;

struct Workspace {
  testutil::TempDir dir;

  Workspace() {
    dir.write("strata.json", R"({"db": {"url": "sqlite:.strata/app.db"}})");
    dir.write("db/migrations/1_users.sql",
              "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);\n");
    dir.write("db/migrations/1_users.down.sql", "DROP TABLE users;\n");
    dir.write("db/migrations/2_posts.sql",
              "CREATE TABLE posts(id INTEGER PRIMARY KEY,\n  user_id INTEGER);\n");
  }

  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"db"}, args);
  }
  std::map<std::string, std::string> states() {
    Output o = run({"status", "--json"});
    std::map<std::string, std::string> out;
    if (o.out.empty()) return out;
    json doc = json::parse(o.out);
    for (const auto& m : doc["migrations"]) out[m["version"]] = m["state"];
    return out;
  }
};

using States = std::map<std::string, std::string>;

TEST(DbCommand, StatusBeforeAndAfterMigrate) {
  Workspace w;
  EXPECT_EQ(w.states(), (States{{"1", "pending"}, {"2", "pending"}}));
  EXPECT_EQ(w.run({"status"}).code, 0);             // pending alone is fine ...
  EXPECT_EQ(w.run({"status", "--check"}).code, 1);  // ... except for CI
  Output m = w.run({"migrate"});
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_EQ(w.states(), (States{{"1", "applied"}, {"2", "applied"}}));
  EXPECT_EQ(w.run({"status", "--check"}).code, 0);
}

TEST(DbCommand, MigrateIsIdempotent) {
  Workspace w;
  ASSERT_EQ(w.run({"migrate"}).code, 0);
  Output again = w.run({"migrate", "--json"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out)["migrations"], json::array());
}

TEST(DbCommand, ADryRunAppliesNothing) {
  Workspace w;
  Output o = w.run({"migrate", "--dry-run", "--json"});
  ASSERT_EQ(o.code, 0) << o.err;
  json plan = json::parse(o.out);
  EXPECT_EQ(plan["dryRun"], true);
  EXPECT_EQ(plan["migrations"].size(), 2u);
  EXPECT_EQ(w.states(), (States{{"1", "pending"}, {"2", "pending"}}));
}

TEST(DbCommand, AFailingMigrationNamesItsFileAndLineAndRollsBack) {
  Workspace w;
  w.dir.write("db/migrations/3_bad.sql",
              "CREATE TABLE ok(id INTEGER);\nINSERT INTO nowhere VALUES (1);\n");
  Output o = w.run({"migrate"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("db/migrations/3_bad.sql:2:"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("rolled back"), std::string::npos) << o.err;
  States s = w.states();
  EXPECT_EQ(s["2"], "applied");
  EXPECT_EQ(s["3"], "pending");
}

TEST(DbCommand, DriftFailsStatusAndMigrateUntilRepaired) {
  Workspace w;
  ASSERT_EQ(w.run({"migrate"}).code, 0);
  w.dir.write("db/migrations/1_users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY);\n");
  EXPECT_EQ(w.states()["1"], "changed");
  EXPECT_EQ(w.run({"status"}).code, 1);
  Output m = w.run({"migrate"});
  EXPECT_EQ(m.code, 1);
  EXPECT_NE(m.err.find("db/migrations/1_users.sql"), std::string::npos) << m.err;
  EXPECT_NE(m.err.find("repair"), std::string::npos) << m.err;
  ASSERT_EQ(w.run({"repair"}).code, 0);
  EXPECT_EQ(w.states()["1"], "applied");
  EXPECT_EQ(w.run({"status", "--check"}).code, 0);
}

TEST(DbCommand, RollbackNeedsADownFile) {
  Workspace w;
  ASSERT_EQ(w.run({"migrate"}).code, 0);
  Output none = w.run({"rollback"});  // 2_posts has no down file
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.err.find("2_posts"), std::string::npos) << none.err;
  w.dir.write("db/migrations/2_posts.down.sql", "DROP TABLE posts;\n");
  ASSERT_EQ(w.run({"rollback", "--steps", "2"}).code, 0);
  EXPECT_EQ(w.states(), (States{{"1", "pending"}, {"2", "pending"}}));
}

TEST(DbCommand, SeedsApplyOnceAndAnUnknownScenarioSuggestsOne) {
  Workspace w;
  ASSERT_EQ(w.run({"migrate"}).code, 0);
  w.dir.write("db/seeds/demo/01_users.csv", "id,name\n1,ada\n2,bob\n");
  Output seeded = w.run({"seed", "demo"});
  ASSERT_EQ(seeded.code, 0) << seeded.err;
  Output again = w.run({"seed", "demo", "--json"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("unchanged"), std::string::npos) << again.out;
  Output typo = w.run({"seed", "dmeo"});
  EXPECT_EQ(typo.code, 1);
  EXPECT_NE(typo.err.find("did you mean 'demo'"), std::string::npos) << typo.err;
}

TEST(DbCommand, AMisspelledUrlSchemeIsRefusedBeforeTouchingTheDisk) {
  Workspace w;
  w.dir.write("strata.json", R"({"db": {"url": "postgress://u:hunter2@db/app"}})");
  Output o = w.run({"status"});
  EXPECT_NE(o.code, 0);
  EXPECT_NE(o.err.find("postgres"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("hunter2"), std::string::npos) << o.err;
  EXPECT_FALSE(w.dir.exists("postgress:"));
}

TEST(DbCommand, AnUnknownSubcommandIsAUsageError) {
  Workspace w;
  Output o = w.run({"migrat"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("did you mean 'migrate'"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace strata::cli
