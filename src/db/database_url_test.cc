// Database URLs before anything connects: which backend a URL names, its
// scheme, the SQLite path inside it, refusals with their hints, and what
// open_database does with an empty or unusable URL.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "db/database.h"
#include "util/temp_dir.h"

namespace strata::db {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(DatabaseUrl, SchemesAreLettersThenLettersDigitsPlusMinusDot) {
  EXPECT_EQ(url_scheme("postgres://db/app"), "postgres");
  EXPECT_EQ(url_scheme("git+ssh://x"), "git+ssh");
  EXPECT_EQ(url_scheme("://db"), "");
  EXPECT_EQ(url_scheme("1pg://db"), "");
  EXPECT_EQ(url_scheme("data/a://b.db"), "") << "a path is not a scheme";
  EXPECT_EQ(url_scheme("sqlite:app.db"), "") << "no //";
  EXPECT_EQ(url_scheme("app.db"), "");
}

TEST(DatabaseUrl, KeywordStringsNeedAKnownKeywordBeforeTheFirstEquals) {
  EXPECT_TRUE(is_keyword_conninfo("host=db"));
  EXPECT_TRUE(is_keyword_conninfo("   sslmode =require"));
  EXPECT_TRUE(is_keyword_conninfo("target_session_attrs=read-write"));
  EXPECT_FALSE(is_keyword_conninfo("hosts=db"));
  EXPECT_FALSE(is_keyword_conninfo("host"));
  EXPECT_FALSE(is_keyword_conninfo("=db"));
  EXPECT_FALSE(is_keyword_conninfo("HOST=db")) << "libpq keywords are lower case";
}

TEST(DatabaseUrl, BackendsFollowTheScheme) {
  EXPECT_EQ(backend_of("postgresql://db/app"), Backend::k_postgres);
  EXPECT_EQ(backend_of("sqlite:app.db"), Backend::k_sqlite);
  EXPECT_EQ(backend_of("sqlite:///tmp/app.db"), Backend::k_sqlite);
  EXPECT_STREQ(backend_name(Backend::k_postgres), "postgres");
  EXPECT_STREQ(backend_name(Backend::k_sqlite), "sqlite");
}

TEST(DatabaseUrl, TheSqlitePathIsWhatFollowsTheScheme) {
  EXPECT_EQ(sqlite_path_of("sqlite:.strata/app.db"), ".strata/app.db");
  EXPECT_EQ(sqlite_path_of("sqlite:///abs/app.db"), "/abs/app.db");
  EXPECT_EQ(sqlite_path_of("sqlite://rel/app.db"), "rel/app.db");
  EXPECT_EQ(sqlite_path_of("plain/app.db"), "plain/app.db");
}

TEST(DatabaseUrl, AnAtInTheQueryIsNotAnUnencodedPassword) {
  EXPECT_TRUE(check_database_url("postgres://app:pw@db/app?application_name=a@b"));
  EXPECT_TRUE(check_database_url("postgres://app:pw@db#frag@x"));
  auto bad = check_database_url("postgresql://app:p@w@db");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().hint, HasSubstr("%40"));
  EXPECT_THAT(bad.error().message, Not(HasSubstr("p@w")));
}

TEST(DatabaseUrl, OtherDatabasesAreNamedAsUnsupported) {
  for (const char* url : {"mariadb://db/app", "sqlserver://db", "mssql://db"}) {
    auto st = check_database_url(url);
    ASSERT_FALSE(st) << url;
    EXPECT_THAT(st.error().hint, HasSubstr("PostgreSQL and SQLite")) << url;
  }
  auto odd = check_database_url("redis://db");
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().message, "unknown database URL scheme 'redis://'");
  EXPECT_THAT(odd.error().hint, HasSubstr("supported: postgres://"));
  auto typo = check_database_url("sqlit://x");
  ASSERT_FALSE(typo);
  EXPECT_THAT(typo.error().hint, HasSubstr("did you mean 'sqlite'?"));
}

TEST(DatabaseUrl, TheQueryResultFindsColumnsByName) {
  QueryResult r;
  r.columns = {"id", "name"};
  EXPECT_EQ(r.column("name"), 1);
  EXPECT_EQ(r.column("id"), 0);
  EXPECT_EQ(r.column("missing"), -1);
}

// The environment is process-wide: each test puts back what it found.
class OpenDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* had = std::getenv("STRATA_DATABASE_URL");
    m_had = had != nullptr;
    if (had) m_saved = had;
  }
  void TearDown() override {
    if (m_had)
      setenv("STRATA_DATABASE_URL", m_saved.c_str(), 1);
    else
      unsetenv("STRATA_DATABASE_URL");
  }
  bool m_had = false;
  std::string m_saved;
};

TEST_F(OpenDatabaseTest, NoUrlAnywhereSaysWhereToGiveOne) {
  unsetenv("STRATA_DATABASE_URL");
  EXPECT_EQ(database_url_or_env(""), "");
  auto db = open_database("");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().message, "no database given");
  EXPECT_THAT(db.error().hint, HasSubstr("STRATA_DATABASE_URL"));
}

TEST_F(OpenDatabaseTest, TheEnvironmentIsUsedOnlyWithoutAGivenUrl) {
  testutil::TempDir dir;
  std::string from_env = "sqlite:" + dir.path("env.db").string();
  setenv("STRATA_DATABASE_URL", from_env.c_str(), 1);
  EXPECT_EQ(database_url_or_env(""), from_env);
  EXPECT_EQ(database_url_or_env("sqlite:given.db"), "sqlite:given.db");
  auto db = open_database("");
  ASSERT_TRUE(db) << db.error().str();
  EXPECT_EQ((*db)->backend(), Backend::k_sqlite);
}

TEST_F(OpenDatabaseTest, AnUnknownSchemeIsRefusedBeforeAnyFileIsMade) {
  testutil::TempDir dir;
  std::string url = "postgress://u:hunter2@" + dir.path("x").string();
  auto db = open_database(url);
  ASSERT_FALSE(db);
  EXPECT_THAT(db.error().hint, HasSubstr("did you mean 'postgres'?"));
  EXPECT_THAT(db.error().str(), Not(HasSubstr("hunter2")));
  EXPECT_FALSE(std::filesystem::exists(dir.path("x")));
}

}  // namespace
}  // namespace strata::db
