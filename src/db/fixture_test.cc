#include "db/fixture.h"

#include <gtest/gtest.h>

#include "db/sqlite_database.h"
#include "db/test_db_dir.h"

namespace strata::db {
namespace {

using Values = std::vector<std::optional<std::string>>;

Values values(const Result<std::vector<FixtureRow>>& rows, size_t i) {
  return rows.ok() && i < rows->size() ? (*rows)[i].values : Values{};
}

TEST(CsvFixture, AHeaderOnlyFileHasNoRows) {
  auto rows = parse_csv_fixture("id,name\n", "users.csv");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST(CsvFixture, AnEmptyFileHasNoHeaderRow) {
  for (const char* text : {"", "\n", "\r\n"}) {
    auto rows = parse_csv_fixture(text, "users.csv");
    ASSERT_FALSE(rows.ok()) << text;
    EXPECT_EQ(rows.error().loc.str(), "users.csv:1");
  }
}

TEST(CsvFixture, TheLastRecordNeedsNoNewline) {
  auto rows = parse_csv_fixture("id,name\n1,ada", "users.csv");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(values(rows, 0), (Values{"1", "ada"}));
}

TEST(CsvFixture, BlankLinesAreSkippedButCountTowardsLineNumbers) {
  auto rows = parse_csv_fixture("id\n\n1\n\n\n2\n", "f.csv");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].line, 3);
  EXPECT_EQ((*rows)[1].line, 6);
}

TEST(CsvFixture, AQuotedEmptyFieldIsAnEmptyStringNotNull) {
  auto rows = parse_csv_fixture("a,b,c\n,\"\",x\n", "f.csv");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(values(rows, 0), (Values{std::nullopt, "", "x"}));
}

TEST(CsvFixture, AQuoteInsideAnUnquotedFieldIsKept) {
  auto rows = parse_csv_fixture("a\n5\"6\n", "f.csv");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(values(rows, 0), (Values{"5\"6"}));
}

TEST(CsvFixture, AUtf8ByteOrderMarkIsNotPartOfTheFirstColumn) {
  // Spreadsheets write one; "\xEF\xBB\xBFid" is no column of any table.
  auto rows = parse_csv_fixture("\xEF\xBB\xBFid,name\n1,ada\n", "users.csv");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].columns, (std::vector<std::string>{"id", "name"}));
}

TEST(CsvFixture, AnUnterminatedQuoteNamesTheLineItStarts) {
  auto rows = parse_csv_fixture("id,bio\n1,ok\n2,\"never\nclosed\n", "users.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().loc.str(), "users.csv:3");
  EXPECT_NE(rows.error().message.find("unterminated"), std::string::npos);
}

TEST(CsvFixture, TooManyFieldsIsAnErrorAtTheRow) {
  auto rows = parse_csv_fixture("id\n1\n2,3\n", "f.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().loc.line, 3);
  EXPECT_EQ(rows.error().message, "row has 2 fields, the header has 1");
}

TEST(JsonFixture, ValuesBecomeTextBooleansByBackend) {
  const char* text = R"([{"id": 1, "admin": true, "name": "ada", "bio": null,
    "tags": ["a", "b"], "score": 1.5}])";
  auto lite = parse_json_fixture(text, "u.json", Backend::k_sqlite);
  auto pg = parse_json_fixture(text, "u.json", Backend::k_postgres);
  ASSERT_TRUE(lite.ok() && pg.ok());
  // Object keys come sorted: admin, bio, id, name, score, tags.
  EXPECT_EQ((*lite)[0].columns,
            (std::vector<std::string>{"admin", "bio", "id", "name", "score", "tags"}));
  EXPECT_EQ(values(lite, 0), (Values{"1", std::nullopt, "1", "ada", "1.5", R"(["a","b"])"}));
  EXPECT_EQ(values(pg, 0)[0], "true");
}

TEST(JsonFixture, AnythingButAnArrayOfObjectsIsRefused) {
  auto obj = parse_json_fixture(R"({"id": 1})", "u.json", Backend::k_sqlite);
  ASSERT_FALSE(obj.ok());
  EXPECT_EQ(obj.error().loc.file, "u.json");
  auto row = parse_json_fixture(R"([{"id": 1}, 2])", "u.json", Backend::k_sqlite);
  ASSERT_FALSE(row.ok());
  EXPECT_NE(row.error().message.find("row 2 is not an object"), std::string::npos);
}

TEST(JsonFixture, AnEmptyObjectIsARowOfDefaults) {
  auto rows = parse_json_fixture("[{}]", "u.json", Backend::k_sqlite);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_TRUE((*rows)[0].columns.empty());
}

TEST(FixtureTable, OnlyADigitPrefixWithAnUnderscoreIsDropped) {
  EXPECT_EQ(fixture_table("seeds/001_audit_log.json"), "audit_log");
  EXPECT_EQ(fixture_table("seeds/2fa_codes.csv"), "2fa_codes");
  EXPECT_EQ(fixture_table("seeds/01_.csv"), "01_");
  EXPECT_EQ(fixture_table("seeds/auth.users.csv"), "auth.users");
}

TEST(QuoteIdentifier, CannotBeEscaped) {
  EXPECT_EQ(quote_identifier("users"), "\"users\"");
  EXPECT_EQ(quote_identifier("x\"; DROP TABLE users; --"), "\"x\"\"; DROP TABLE users; --\"");
}

class InsertFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_db = std::move(SqliteDatabase::open((m_dir.path() / "app.db").string()).value());
    ASSERT_TRUE(m_db->exec("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT DEFAULT 'anon',"
                           " bio TEXT)")
                    .ok());
  }
  std::vector<std::string> names() {
    std::vector<std::string> out;
    // Kept in a variable: a range-for over a member of the temporary
    // would read it after it is gone.
    auto result = m_db->query("SELECT coalesce(name, 'NULL') FROM users ORDER BY id");
    if (!result) return {result.error().message};
    for (const auto& row : result->rows) out.push_back(row.at(0).value_or("?"));
    return out;
  }

  TestDbDir m_dir;
  std::unique_ptr<SqliteDatabase> m_db;
};

TEST_F(InsertFixtureTest, InsertsRowsWithNullsAndDefaults) {
  auto rows = parse_csv_fixture("id,name\n1,ada\n2,\n", "users.csv");
  ASSERT_TRUE(rows.ok());
  ASSERT_TRUE(insert_fixture_rows(*m_db, "users", *rows, "users.csv").ok());
  auto defaults = parse_json_fixture("[{}]", "more.json", Backend::k_sqlite);
  ASSERT_TRUE(insert_fixture_rows(*m_db, "users", *defaults, "more.json").ok());
  EXPECT_EQ(names(), (std::vector<std::string>{"ada", "NULL", "anon"}));
}

TEST_F(InsertFixtureTest, AFailingRowIsReportedAtItsLine) {
  auto rows = parse_csv_fixture("id,name\n1,ada\n\n1,again\n", "users.csv");
  ASSERT_TRUE(rows.ok());
  Status st = insert_fixture_rows(*m_db, "users", *rows, "users.csv");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().loc.str(), "users.csv:4");
  EXPECT_EQ(st.error().message.rfind("row 2 into users: ", 0), 0u) << st.error().message;
}

TEST_F(InsertFixtureTest, AnUnknownColumnIsAnErrorNamingTheFile) {
  auto rows = parse_csv_fixture("id,nmae\n1,ada\n", "users.csv");
  Status st = insert_fixture_rows(*m_db, "users", *rows, "users.csv");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().loc.file, "users.csv");
}

TEST_F(InsertFixtureTest, ReplaceUpdatesRowsByPrimaryKeyAndIsIdempotent) {
  auto first = parse_csv_fixture("id,name,bio\n1,ada,x\n2,bob,y\n", "users.csv");
  ASSERT_TRUE(insert_fixture_rows(*m_db, "users", *first, "users.csv").ok());
  auto second = parse_csv_fixture("id,name\n1,ada lovelace\n3,cy\n", "users.csv");
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(insert_fixture_rows(*m_db, "users", *second, "users.csv", true).ok());
  EXPECT_EQ(names(), (std::vector<std::string>{"ada lovelace", "bob", "cy"}));
  // Columns the fixture does not name are left as they were.
  auto bio = m_db->query("SELECT bio FROM users WHERE id = 1");
  ASSERT_TRUE(bio.ok());
  EXPECT_EQ(bio->rows.at(0).at(0), "x");
}

TEST_F(InsertFixtureTest, ReplaceWithOnlyKeyColumnsLeavesRowsAlone) {
  auto rows = parse_csv_fixture("id\n1\n", "users.csv");
  ASSERT_TRUE(insert_fixture_rows(*m_db, "users", *rows, "users.csv", true).ok());
  ASSERT_TRUE(insert_fixture_rows(*m_db, "users", *rows, "users.csv", true).ok());
  EXPECT_EQ(names(), std::vector<std::string>{"anon"});
}

TEST_F(InsertFixtureTest, PrimaryKeyColumnsInKeyOrder) {
  ASSERT_TRUE(m_db->exec("CREATE TABLE m(b TEXT, a TEXT, c TEXT, PRIMARY KEY (c, a))").ok());
  auto key = primary_key_columns(*m_db, "m");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, (std::vector<std::string>{"c", "a"}));
  auto none = primary_key_columns(*m_db, "no_such_table");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace strata::db
