// Statement splitting on the SQL migrations really hold: quotes of both
// kinds with doubled quotes, PostgreSQL's E'' strings with backslash
// escapes, dollar-quoted bodies with and without tags next to $1
// parameters, comments in every position, and scripts cut off mid-quote.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/sql_text.h"

namespace strata::db {
namespace {

std::vector<std::string> statements(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : split_statements(script)) out.emplace_back(s.text);
  return out;
}

TEST(SqlSplit, DoubledQuotesStayInsideTheirString) {
  EXPECT_EQ(statements("INSERT INTO t VALUES ('it''s; fine');SELECT 2"),
            (std::vector<std::string>{"INSERT INTO t VALUES ('it''s; fine')", "SELECT 2"}));
  EXPECT_EQ(statements("CREATE TABLE \"odd;name\" (\"a\"\"b\" int);SELECT 1").size(), 2u);
}

// In an E'' string a backslash escapes the quote; the splitter used to end
// the string there and split inside it.
TEST(SqlSplit, EscapeStringsTakeBackslashEscapedQuotes) {
  EXPECT_EQ(statements(R"(INSERT INTO t VALUES (E'a\';b');SELECT 2)"),
            (std::vector<std::string>{R"(INSERT INTO t VALUES (E'a\';b'))", "SELECT 2"}));
  EXPECT_EQ(statements(R"(SELECT e'\\';SELECT 3)"),
            (std::vector<std::string>{R"(SELECT e'\\')", "SELECT 3"}));
}

TEST(SqlSplit, AStandardStringKeepsBackslashesOrdinary) {
  // Only an E right before the quote, not ending a word (LIKE), makes an
  // escape string; elsewhere a backslash is an ordinary character.
  EXPECT_EQ(statements(R"(SELECT * FROM t WHERE type='x\';SELECT 2)"),
            (std::vector<std::string>{R"(SELECT * FROM t WHERE type='x\')", "SELECT 2"}));
  EXPECT_EQ(statements(R"(SELECT 1 WHERE 'a' LIKE'x\';SELECT 2)"),
            (std::vector<std::string>{R"(SELECT 1 WHERE 'a' LIKE'x\')", "SELECT 2"}));
}

TEST(SqlSplit, DollarQuotesWithAndWithoutTags) {
  auto s = statements(
      "DO $$ BEGIN PERFORM 1; END $$;"
      "CREATE FUNCTION f() RETURNS text AS $fn$ SELECT 'a;b' || $x$;$x$ $fn$ LANGUAGE sql;"
      "SELECT $1, $2");
  ASSERT_EQ(s.size(), 3u) << s[0];
  EXPECT_EQ(s[0], "DO $$ BEGIN PERFORM 1; END $$");
  EXPECT_TRUE(s[1].ends_with("$fn$ LANGUAGE sql"));
  EXPECT_EQ(s[2], "SELECT $1, $2");
}

TEST(SqlSplit, CommentsAnywhere) {
  auto s = statements(
      "-- header; with a semicolon\n"
      "SELECT 1 -- trailing; comment\n"
      ";\n"
      "/* block; comment */ SELECT /* inline; */ 2;\n"
      "SELECT '-- not a comment; really'");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "SELECT 1 -- trailing; comment\n");
  EXPECT_EQ(s[1], "SELECT /* inline; */ 2");
  EXPECT_EQ(s[2], "SELECT '-- not a comment; really'");
}

TEST(SqlSplit, AScriptCutOffMidQuoteOrCommentIsOneLastStatement) {
  EXPECT_EQ(statements("SELECT 1; SELECT 'open; string"),
            (std::vector<std::string>{"SELECT 1", "SELECT 'open; string"}));
  EXPECT_EQ(statements("SELECT 1; SELECT 2 /* open; comment").size(), 2u);
  EXPECT_EQ(statements("SELECT $$ open; body").size(), 1u);
}

TEST(SqlSplit, EmptyAndBlankScriptsHaveNoStatements) {
  EXPECT_TRUE(statements("").empty());
  EXPECT_TRUE(statements(" ;;\n\t;").empty());
}

TEST(SqlSplit, LineColAndCharacterOffsetsAtTheEdges) {
  EXPECT_EQ(line_col_at("abc", 0).line, 1);
  EXPECT_EQ(line_col_at("abc", 0).col, 1);
  EXPECT_EQ(line_col_at("a\n", 2).line, 2);
  EXPECT_EQ(line_col_at("ab", 99).col, 3);         // past the end: the end
  EXPECT_EQ(byte_offset_of_char("héllo", 3), 3u);  // 'l' after the two-byte é
  EXPECT_EQ(byte_offset_of_char("abc", 10), 3u);   // past the end: the size
  EXPECT_EQ(normalize_line_endings("\r\r\n"), "\n\n");
}

}  // namespace
}  // namespace strata::db
