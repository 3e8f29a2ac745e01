#pragma once
// Plain-text helpers for SQL: line endings, splitting a script into
// statements (quotes, dollar quotes and comments respected) and mapping a
// byte offset to a line and column.

#include <string>
#include <string_view>
#include <vector>

namespace strata::db {

// "\r\n" and lone "\r" become "\n", so checksums do not depend on the
// checkout's line endings.
std::string normalize_line_endings(std::string_view text);

struct SqlStatement {
  std::string_view text;  // without leading comments and the trailing ';'
  size_t offset = 0;      // byte offset of `text` in the script
};

// The non-empty statements of a script. Statements that are only comments
// are dropped.
std::vector<SqlStatement> split_statements(std::string_view script);

struct LineCol {
  int line = 1;
  int col = 1;
};
// 1-based line and column (in bytes) of a byte offset.
LineCol line_col_at(std::string_view text, size_t offset);
// Byte offset of the 1-based character position PostgreSQL reports
// (it counts characters, not bytes).
size_t byte_offset_of_char(std::string_view text, size_t char_pos);

}  // namespace strata::db

namespace strata::db {
// The offset of the first character at or after `pos` that is neither
// whitespace nor inside a comment.
size_t skip_space_and_comments(std::string_view text, size_t pos);
}  // namespace strata::db
