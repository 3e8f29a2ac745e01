// Splitting SQL scripts at their edges: '$' inside identifiers, escape
// strings, quoted identifiers, unterminated quotes and comments, and
// positions at the ends of the text.

#include <gtest/gtest.h>

#include "db/sql_text.h"

namespace strata::db {
namespace {

std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : split_statements(script)) out.emplace_back(s.text);
  return out;
}

TEST(SqlTextEdges, ADollarInsideAnIdentifierIsNoDollarQuote) {
  // PostgreSQL allows '$' after an identifier's first character; a$b$c is
  // a name, not the start of a $b$ body that would swallow the script.
  auto s = texts("SELECT a$b$c FROM t;\nSELECT 2;");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "SELECT a$b$c FROM t");
  EXPECT_EQ(s[1], "SELECT 2");
}

TEST(SqlTextEdges, EscapeStringsMayHoldEscapedQuotesAndSemicolons) {
  auto s = texts("INSERT INTO t VALUES (E'it\\'s; fine');\nSELECT 'LIKE\\';\nSELECT 3;");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "INSERT INTO t VALUES (E'it\\'s; fine')");
  // Outside an E'' string a backslash is an ordinary character.
  EXPECT_EQ(s[1], "SELECT 'LIKE\\'");
}

TEST(SqlTextEdges, QuotedIdentifiersAndDoubledQuotes) {
  auto s = texts("CREATE TABLE \"a;b\" (\"x\"\"y\" int);SELECT 'it''s;';");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "CREATE TABLE \"a;b\" (\"x\"\"y\" int)");
  EXPECT_EQ(s[1], "SELECT 'it''s;'");
}

TEST(SqlTextEdges, UnterminatedQuotesAndCommentsRunToTheEnd) {
  EXPECT_EQ(texts("SELECT 'open; SELECT 2;").size(), 1u);
  EXPECT_TRUE(texts("/* open; SELECT 2;").empty());
  EXPECT_EQ(texts("SELECT $$ open; SELECT 2;").size(), 1u);
}

TEST(SqlTextEdges, PositionalParametersAreNotDollarQuotes) {
  auto s = texts("SELECT $1, $2;SELECT $10;");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1], "SELECT $10");
}

TEST(SqlTextEdges, AnEmptyScriptHasNoStatements) {
  EXPECT_TRUE(texts("").empty());
  EXPECT_TRUE(texts(";;;\n").empty());
}

TEST(SqlTextEdges, PositionsAtTheEnds) {
  EXPECT_EQ(line_col_at("ab\n", 0).line, 1);
  EXPECT_EQ(line_col_at("ab\n", 3).line, 2);
  EXPECT_EQ(line_col_at("ab\n", 3).col, 1);
  EXPECT_EQ(line_col_at("ab", 99).col, 3) << "clamped to the end";
  EXPECT_EQ(byte_offset_of_char("abc", 1), 0u);
  EXPECT_EQ(byte_offset_of_char("abc", 99), 3u);
  EXPECT_EQ(normalize_line_endings("\r\r\n"), "\n\n");
}

}  // namespace
}  // namespace strata::db
