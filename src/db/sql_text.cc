// A small lexer that knows just enough SQL to find statement boundaries:
// '...' and "..." quotes (doubled quotes inside), PostgreSQL's E'...'
// strings (backslash escapes too), $tag$...$tag$ bodies, -- line comments
// and /* */ block comments. It does not parse SQL.

#include "db/sql_text.h"

#include <cctype>

namespace strata::db {

std::string normalize_line_endings(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
      continue;
    }
    out += '\n';
    if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
  }
  return out;
}

namespace {

size_t skip_comment_or_quote(std::string_view s, size_t i);

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether the quote at `i` opens an escape string: E'...' (or e'...'), the
// E not the end of a longer word such as LIKE.
bool escape_string_at(std::string_view s, size_t i) {
  return s[i] == '\'' && i >= 1 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
         (i < 2 || !word_char(s[i - 2]));
}

// Index just past a quoted run starting at `i` (text[i] is the quote).
size_t skip_quoted(std::string_view s, size_t i) {
  bool backslash_escapes = escape_string_at(s, i);
  char q = s[i++];
  while (i < s.size()) {
    if (backslash_escapes && s[i] == '\\') {
      i += 2;
      continue;
    }
    if (s[i] != q) {
      ++i;
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == q) {
      i += 2;  // doubled quote
      continue;
    }
    return i + 1;
  }
  return s.size();
}

// The dollar-quote tag starting at `i` ("$$" or "$name$"), or "".
std::string_view dollar_tag(std::string_view s, size_t i) {
  size_t j = i + 1;
  while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
  if (j >= s.size() || s[j] != '$') return {};
  if (j > i + 1 && std::isdigit(static_cast<unsigned char>(s[i + 1]))) return {};  // $1 parameter
  return s.substr(i, j - i + 1);
}

size_t skip_comment_or_quote(std::string_view s, size_t i) {
  char c = s[i];
  if (c == '\'' || c == '"') return skip_quoted(s, i);
  if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
    size_t nl = s.find('\n', i);
    return nl == std::string_view::npos ? s.size() : nl + 1;
  }
  if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
    size_t end = s.find("*/", i + 2);
    return end == std::string_view::npos ? s.size() : end + 2;
  }
  if (c == '$') {
    // After an identifier character '$' is part of the name (a$b$c), and
    // no dollar quote can start there.
    if (i > 0 && word_char(s[i - 1])) return i + 1;
    std::string_view tag = dollar_tag(s, i);
    if (tag.empty()) return i + 1;
    size_t end = s.find(tag, i + tag.size());
    return end == std::string_view::npos ? s.size() : end + tag.size();
  }
  return i + 1;
}

}  // namespace

size_t skip_space_and_comments(std::string_view s, size_t i) {
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if ((c == '-' && i + 1 < s.size() && s[i + 1] == '-') ||
               (c == '/' && i + 1 < s.size() && s[i + 1] == '*')) {
      i = skip_comment_or_quote(s, i);
    } else {
      return i;
    }
  }
  return s.size();
}

std::vector<SqlStatement> split_statements(std::string_view script) {
  std::vector<SqlStatement> out;
  size_t start = 0, i = 0;
  auto emit = [&](size_t end) {
    std::string_view text = script.substr(start, end - start);
    // Leading comments are dropped so the offset is the statement's own.
    size_t lead = skip_space_and_comments(text, 0);
    if (lead < text.size()) out.push_back({text.substr(lead), start + lead});
  };
  while (i < script.size()) {
    if (script[i] == ';') {
      emit(i);
      start = ++i;
      continue;
    }
    i = skip_comment_or_quote(script, i);
  }
  emit(script.size());
  return out;
}

LineCol line_col_at(std::string_view text, size_t offset) {
  LineCol lc;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      lc.col = 1;
    } else {
      ++lc.col;
    }
  }
  return lc;
}

size_t byte_offset_of_char(std::string_view text, size_t char_pos) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    bool continuation = (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    if (continuation) continue;
    if (++chars == char_pos) return i;
  }
  return text.size();
}

}  // namespace strata::db
