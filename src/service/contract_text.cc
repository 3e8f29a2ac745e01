// Each helper walks the text once, character by character, keeping only the
// state it needs (the open quote, the bracket depth): the readers call them
// on files of a few hundred lines, so clarity wins over cleverness.

#include "service/contract_text.h"

#include <algorithm>
#include <cctype>

namespace strata::service::contract_text {

namespace {

bool opens(std::string_view s, size_t i, Brackets b) {
  char c = s[i];
  return c == '(' || c == '[' || c == '{' || (b.angles && c == '<');
}

bool closes(std::string_view s, size_t i, Brackets b) {
  char c = s[i];
  if (c == ')' || c == ']' || c == '}') return true;
  return b.angles && c == '>' && (i == 0 || (s[i - 1] != '=' && s[i - 1] != '-'));
}

// Bracket depth change over a line of code, strings skipped.
int depth_change(std::string_view s, Brackets b) {
  int d = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    } else if (opens(s, i, b)) {
      ++d;
    } else if (closes(s, i, b)) {
      --d;
    }
  }
  return d;
}

// The line up to `marker` outside strings.
std::string_view without_line_comment(std::string_view s, char marker) {
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == marker) {
      return s.substr(0, i);
    }
  }
  return s;
}

void append_joined(std::string& line, const std::string& code) {
  if (code.empty()) return;
  bool tight = line.ends_with("(") || line.ends_with("[");
  line += (tight ? "" : " ") + code;
}

}  // namespace

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return trim(out);
}

std::vector<std::string> split_top(std::string_view s, char sep, Brackets b, bool keep_empty) {
  std::vector<std::string> out;
  auto push = [&](std::string piece) {
    if (keep_empty || !piece.empty()) out.push_back(std::move(piece));
  };
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == sep && depth == 0) {
      push(trim(s.substr(start, i - start)));
      start = i + 1;
    } else if (opens(s, i, b)) {
      ++depth;
    } else if (closes(s, i, b)) {
      --depth;
    }
  }
  std::string last = trim(s.substr(start));
  if (!last.empty() || !out.empty()) push(std::move(last));
  return out;
}

size_t find_top(std::string_view s, char c, Brackets b, size_t from) {
  int depth = 0;
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == c && depth == 0) return i;
    if (opens(s, i, b))
      ++depth;
    else if (closes(s, i, b))
      --depth;
  }
  return std::string_view::npos;
}

std::string blank_comments(std::string_view text) {
  std::string out(text);
  char quote = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '\'' && i > 0 && std::isalnum(static_cast<unsigned char>(out[i - 1]))) {
      continue;  // a digit separator
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      size_t end = out.find("*/", i + 2);
      end = end == std::string::npos ? out.size() : end + 2;
      for (; i < end; ++i)
        if (out[i] != '\n') out[i] = ' ';
      --i;
    }
  }
  return out;
}

int line_at(std::string_view text, size_t pos) {
  pos = std::min(pos, text.size());
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

std::vector<LogicalLine> join_lines(std::string_view text, const JoinRules& rules) {
  std::vector<LogicalLine> out;
  int depth = 0;
  bool backslash = false;
  int n = 0;
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view phys = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++n;
    std::string code =
        trim(rules.line_comment ? without_line_comment(phys, rules.line_comment) : phys);
    bool leading = !code.empty() && rules.leading_operators.find(code[0]) != std::string::npos;
    bool joins = !out.empty() && (depth > 0 || backslash || leading);
    backslash = rules.backslash && code.ends_with("\\");
    if (backslash) code = trim(std::string_view(code).substr(0, code.size() - 1));
    if (joins)
      append_joined(out.back().text, code);
    else if (!code.empty())
      out.push_back({code, static_cast<int>(phys.find_first_not_of(" \t")), n});
    depth = std::max(0, depth + depth_change(code, rules.brackets));
  }
  return out;
}

}  // namespace strata::service::contract_text
