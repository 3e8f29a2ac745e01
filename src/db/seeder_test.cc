#include "db/seeder.h"

#include <gtest/gtest.h>

#include "db/database_reset.h"
#include "db/fixture.h"
#include "db/sqlite_database.h"
#include "db/test_db_dir.h"

namespace strata::db {
namespace {

class SeederTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_db = std::move(SqliteDatabase::open((m_dir.path() / "app.db").string()).value());
    ASSERT_TRUE(
        m_db->exec(
                "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, admin BOOLEAN);"
                "CREATE TABLE posts(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), "
                "title TEXT)")
            .ok());
  }
  Seeder seeder() { return Seeder(*m_db, m_dir.path() / "seeds", m_dir.path()); }
  int count(const std::string& sql) { return std::stoi(*m_db->query(sql)->rows[0][0]); }

  TestDbDir m_dir;
  std::unique_ptr<SqliteDatabase> m_db;
};

TEST_F(SeederTest, AppliesFixturesInNameOrderOnce) {
  m_dir.write("seeds/demo/01_users.json",
              R"([{"id": 1, "name": "ada", "admin": true}, {"id": 2, "name": null}])");
  m_dir.write("seeds/demo/02_posts.csv", "id,user_id,title\n1,1,\"Hello, world\"\n2,2,\n");
  auto s = seeder();
  auto r = s.seed("demo", {});
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].file.tracked_path, "seeds/demo/01_users.json");
  EXPECT_EQ(count("SELECT count(*) FROM posts WHERE title IS NULL"), 1);
  EXPECT_EQ(*m_db->query("SELECT title FROM posts WHERE id = 1")->rows[0][0], "Hello, world");
  EXPECT_EQ(count("SELECT admin FROM users WHERE id = 1"), 1);
  auto again = s.seed("demo", {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].outcome, SeedOutcome::k_unchanged);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 2);
}

TEST_F(SeederTest, ForceReappliesAFixtureWithPrimaryKeys) {
  m_dir.write("seeds/demo/01_users.json",
              R"([{"id": 1, "name": "ada"}, {"id": 2, "name": "bob"}])");
  m_dir.write("seeds/demo/02_posts.csv", "id,user_id,title\n1,1,first\n");
  auto s = seeder();
  ASSERT_TRUE(s.seed("demo", {}).ok());
  m_dir.write("seeds/demo/01_users.json",
              R"([{"id": 1, "name": "ada l."}, {"id": 2, "name": "bob"}, {"id": 3}])");
  m_dir.write("seeds/demo/02_posts.csv", "id,user_id,title\n1,1,first!\n2,3,second\n");
  SeedOptions force;
  force.force = true;
  auto r = s.seed("demo", force);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ((*r)[0].outcome, SeedOutcome::k_reapplied);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 3);
  EXPECT_EQ(*m_db->query("SELECT name FROM users WHERE id = 1")->rows[0][0], "ada l.");
  EXPECT_EQ(*m_db->query("SELECT title FROM posts WHERE id = 1")->rows[0][0], "first!");
  EXPECT_EQ(count("SELECT count(*) FROM posts"), 2);
}

TEST_F(SeederTest, NoticesAChangedSeed) {
  m_dir.write("seeds/base.sql", "INSERT INTO users(id, name) VALUES (1, 'a');\n");
  auto s = seeder();
  ASSERT_TRUE(s.seed("base", {}).ok());
  m_dir.write("seeds/base.sql", "INSERT INTO users(id, name) VALUES (2, 'b');\n");
  auto r = s.seed("base", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().loc.file.find("base.sql"), std::string::npos);
  SeedOptions force;
  force.force = true;
  auto f = s.seed("base", force);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)[0].outcome, SeedOutcome::k_reapplied);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 2);
}

TEST_F(SeederTest, DryRunReportsAndChangesNothing) {
  m_dir.write("seeds/base.sql", "INSERT INTO users(id, name) VALUES (1, 'a');\n");
  SeedOptions dry;
  dry.dry_run = true;
  auto r = seeder().seed("base", dry);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ((*r)[0].outcome, SeedOutcome::k_applied);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
}

TEST_F(SeederTest, AFailingSeedRollsBackAndNamesTheLine) {
  m_dir.write("seeds/bad.sql",
              "INSERT INTO users(id) VALUES (1);\n\nINSERT INTO nope VALUES (1);\n");
  auto r = seeder().seed("bad", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.line, 3);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
}

TEST_F(SeederTest, UnknownScenarioSuggestsAName) {
  m_dir.write("seeds/demo.sql", "SELECT 1;");
  auto r = seeder().seed("dmeo", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().hint.find("demo"), std::string::npos);
}

TEST_F(SeederTest, ASingleSeedFileIsTheDefaultScenario) {
  m_dir.write("supabase/seed.sql", "INSERT INTO users(id) VALUES (7);");
  Seeder s(*m_db, m_dir.path() / "supabase/seed.sql", m_dir.path());
  EXPECT_EQ(s.scenarios(), std::vector<std::string>{"default"});
  ASSERT_TRUE(s.seed("default", {}).ok());
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE id = 7"), 1);
}

TEST_F(SeederTest, CsvRowErrorsNameTheLine) {
  m_dir.write("seeds/x/users.csv", "id,name\n1,a\n2\n");
  auto r = seeder().seed("x", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.line, 3);
}

TEST_F(SeederTest, DropAllObjectsEmptiesTheDatabase) {
  ASSERT_TRUE(m_db->exec("CREATE VIEW v AS SELECT * FROM users").ok());
  ASSERT_TRUE(drop_all_objects(*m_db).ok());
  EXPECT_EQ(count("SELECT count(*) FROM sqlite_master"), 0);
}

TEST(Fixture, JsonSyntaxErrorsNameTheLine) {
  auto rows =
      parse_json_fixture("[\n  {\"id\": 1},\n  {\"id\": }\n]", "users.json", Backend::k_sqlite);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().loc.line, 3);
}

TEST(Fixture, NumbersOutOfRangeAreErrorsNotExceptions) {
  auto rows = parse_json_fixture("[\n  {\"id\": 1e999999}\n]", "users.json", Backend::k_sqlite);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().loc.file, "users.json");
  EXPECT_EQ(rows.error().loc.line, 2);
}

TEST(Fixture, NestingPastTheLimitIsRefused) {
  std::string deep = "[{\"id\": " + std::string(100000, '[') + "]";
  auto rows = parse_json_fixture(deep, "deep.json", Backend::k_sqlite);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.error().message.find("nest"), std::string::npos) << rows.error().message;
}

TEST(Fixture, TableNameDropsTheOrderPrefix) {
  EXPECT_EQ(fixture_table("seeds/01_users.csv"), "users");
  EXPECT_EQ(fixture_table("seeds/users.json"), "users");
  EXPECT_EQ(quote_identifier("auth.us\"ers"), "\"auth\".\"us\"\"ers\"");
}

TEST(Fixture, CsvHandlesQuotesAndNewlines) {
  auto rows = parse_csv_fixture("a,b\r\n\"x\"\"y\",\"two\nlines\"\r\n,\"\"\n", "f.csv");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(*(*rows)[0].values[0], "x\"y");
  EXPECT_EQ(*(*rows)[0].values[1], "two\nlines");
  EXPECT_FALSE((*rows)[1].values[0].has_value());
  EXPECT_EQ(*(*rows)[1].values[1], "");
  EXPECT_EQ((*rows)[1].line, 4);
}

}  // namespace
}  // namespace strata::db
