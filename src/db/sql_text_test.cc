#include "db/sql_text.h"

#include <gtest/gtest.h>

namespace strata::db {
namespace {

std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : split_statements(script)) out.emplace_back(s.text);
  return out;
}

TEST(SqlText, NormalizesLineEndings) {
  EXPECT_EQ(normalize_line_endings("a\r\nb\rc\n"), "a\nb\nc\n");
}

TEST(SqlText, SplitsOnSemicolonsOutsideQuotesAndComments) {
  auto s = texts(
      "CREATE TABLE t(a text);\nINSERT INTO t VALUES ('x;y');\n-- a; comment\n/* b; */SELECT 1");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "CREATE TABLE t(a text)");
  EXPECT_EQ(s[1], "INSERT INTO t VALUES ('x;y')");
  EXPECT_EQ(s[2], "SELECT 1");  // leading comments dropped
}

TEST(SqlText, KeepsDollarQuotedBodiesWhole) {
  auto s = texts(
      "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;"
      "SELECT $1::int;");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_NE(s[0].find("END $body$"), std::string::npos);
  EXPECT_EQ(s[1], "SELECT $1::int");
}

TEST(SqlText, DropsCommentOnlyStatements) {
  EXPECT_TRUE(texts("-- nothing here\n;  /* nor here */ ;").empty());
}

TEST(SqlText, OffsetsPointIntoTheScript) {
  std::string script = "SELECT 1;\n\n  SELECT 2;";
  auto s = split_statements(script);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(line_col_at(script, s[1].offset).line, 3);
  EXPECT_EQ(line_col_at(script, s[1].offset).col, 3);
}

TEST(SqlText, MapsCharacterPositionsToBytes) {
  std::string text = "SELECT 'é', x";  // é is two bytes
  EXPECT_EQ(byte_offset_of_char(text, 13), text.find('x'));
}

TEST(SqlText, SkipsSpaceAndComments) {
  std::string text = "  -- c\n /* d */ SELECT";
  EXPECT_EQ(skip_space_and_comments(text, 0), text.find("SELECT"));
}

}  // namespace
}  // namespace strata::db
