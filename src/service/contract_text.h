#pragma once
// The text handling the three contract readers (contract.cc for Python,
// typescript_contract.cc, cpp_contract.cc) share. They read declarations,
// not whole programs, so a few rules carry them: comments blanked, the
// physical lines a declaration spans joined into one logical line, and
// lists split at separators outside brackets.

#include <string>
#include <string_view>
#include <vector>

namespace strata::service::contract_text {

// Without surrounding spaces, tabs, CRs and newlines.
std::string trim(std::string_view s);

// Runs of whitespace as one space, trimmed: a declaration over several
// lines reads as it would on one.
std::string squeeze(std::string_view s);

// What nests. Python nests (), [] and {}; TypeScript and C++ generics nest
// <> too, where a '>' right after '=' or '-' is an arrow and closes nothing.
struct Brackets {
  bool angles = false;
};

// The pieces of `s` between top-level `sep`s, trimmed. An empty `s` has no
// pieces; with `keep_empty` false, empty pieces (a trailing comma, a union's
// leading '|') are dropped.
std::vector<std::string> split_top(std::string_view s, char sep, Brackets b = {},
                                   bool keep_empty = true);

// The position of the first `c` at or after `from` outside brackets, or npos.
size_t find_top(std::string_view s, char c, Brackets b = {}, size_t from = 0);

// `//` and `/* */` comments replaced by spaces, newlines kept so that lines
// still count. Quotes ('"', '\'', '`') hide what they hold; a '\'' right
// after a letter or digit is C++'s digit separator (1'000), not a quote.
std::string blank_comments(std::string_view text);

// The 1-based line of byte `pos`.
int line_at(std::string_view text, size_t pos);

// One logical line: the physical lines of one declaration, joined.
struct LogicalLine {
  std::string text;  // code without comments, joined with single spaces
  int indent = 0;    // of its first physical line
  int line = 0;      // its first physical line, 1-based
};

// When a physical line continues the one before.
struct JoinRules {
  Brackets brackets;       // while one is open
  char line_comment = 0;   // '#' for Python: the rest of the line is no code
  bool backslash = false;  // a trailing '\' continues the line (Python)
  // A line starting with one of these continues the one before (TypeScript's
  // long unions, one `| "member"` per line as formatters write them).
  std::string_view leading_operators;
};

// The logical lines of `text`; blank lines are skipped.
std::vector<LogicalLine> join_lines(std::string_view text, const JoinRules& rules);

}  // namespace strata::service::contract_text
