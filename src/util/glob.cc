// A backtracking matcher over path segments. `**` as a whole segment matches
// zero or more segments; inside a segment `*` matches any run of non-'/'.
// Backtracking is exponential in the number of stars on hostile patterns
// ("*a*a*a*a*a*a*a*a*a*a*b" against forty a's took a minute), so a match
// that needs more than k_step_budget steps starts again with a memo of the
// (pattern, path) positions known to fail: each is then tried once. Real
// patterns stay far below the budget and never pay for the memo.

#include "util/glob.h"

namespace strata {

namespace {

bool match_class(std::string_view& p, char c) {
  // p starts just after '['.
  bool negate = !p.empty() && (p[0] == '!' || p[0] == '^');
  if (negate) p.remove_prefix(1);
  bool hit = false;
  bool first = true;
  while (!p.empty() && (first || p[0] != ']')) {
    first = false;
    char lo = p[0];
    if (p.size() >= 3 && p[1] == '-' && p[2] != ']') {
      hit |= c >= lo && c <= p[2];
      p.remove_prefix(3);
    } else {
      hit |= c == lo;
      p.remove_prefix(1);
    }
  }
  if (!p.empty()) p.remove_prefix(1);  // ']'
  return hit != negate;
}

constexpr size_t k_step_budget = 10000;

class Matcher {
 public:
  Matcher(std::string_view pattern, std::string_view path) : m_pattern(pattern), m_path(path) {}

  bool run() {
    if (match(m_pattern, m_path)) return true;
    if (!m_gave_up) return false;
    m_failed.assign((m_pattern.size() + 1) * (m_path.size() + 1), 0);
    m_memo = true;
    m_gave_up = false;
    return match(m_pattern, m_path);
  }

 private:
  // `p` and `s` are suffixes of the pattern and the path.
  bool match(std::string_view p, std::string_view s) {
    size_t key = (m_pattern.size() - p.size()) * (m_path.size() + 1) + (m_path.size() - s.size());
    if (m_memo) {
      if (m_failed[key]) return false;
    } else if (m_gave_up || ++m_steps > k_step_budget) {
      m_gave_up = true;
      return false;
    }
    bool hit = match_here(p, s);
    if (m_memo && !hit) m_failed[key] = 1;
    return hit;
  }
  bool match_here(std::string_view p, std::string_view s);

  std::string_view m_pattern, m_path;
  size_t m_steps = 0;
  bool m_gave_up = false;
  bool m_memo = false;
  std::vector<unsigned char> m_failed;
};

bool Matcher::match_here(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.size() >= 2 && p[0] == '*' && p[1] == '*') {
      // "**/" matches zero or more whole segments; a trailing "**" the rest.
      std::string_view rest = p.substr(2);
      bool slash = !rest.empty() && rest[0] == '/';
      if (slash) rest.remove_prefix(1);
      if (rest.empty()) return true;
      for (size_t i = 0; i <= s.size(); ++i) {
        if ((i == 0 || s[i - 1] == '/') && match(rest, s.substr(i))) return true;
        if (!slash && match(rest, s.substr(i))) return true;
      }
      return false;
    }
    char c = p[0];
    if (c == '*') {
      p.remove_prefix(1);
      for (size_t i = 0; i <= s.size(); ++i) {
        if (match(p, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') return false;
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '?') {
      if (s[0] == '/') return false;
    } else if (c == '[') {
      std::string_view q = p.substr(1);
      if (!match_class(q, s[0])) return false;
      p = q;
      s.remove_prefix(1);
      continue;
    } else if (c != s[0]) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

}  // namespace

std::vector<std::string> expand_braces(std::string_view pattern) {
  size_t open = pattern.find('{');
  if (open == std::string_view::npos) return {std::string(pattern)};
  int depth = 0;
  size_t close = open;
  std::vector<size_t> commas;
  for (size_t i = open; i < pattern.size(); ++i) {
    if (pattern[i] == '{') ++depth;
    if (pattern[i] == '}' && --depth == 0) {
      close = i;
      break;
    }
    if (pattern[i] == ',' && depth == 1) commas.push_back(i);
  }
  if (close == open) return {std::string(pattern)};
  std::vector<std::string> out;
  size_t start = open + 1;
  commas.push_back(close);
  for (size_t end : commas) {
    std::string alt = std::string(pattern.substr(0, open)) +
                      std::string(pattern.substr(start, end - start)) +
                      std::string(pattern.substr(close + 1));
    for (auto& e : expand_braces(alt)) out.push_back(std::move(e));
    start = end + 1;
  }
  return out;
}

bool is_glob(std::string_view pattern) {
  return pattern.find_first_of("*?[{") != std::string_view::npos;
}

bool glob_match(std::string_view pattern, std::string_view path) {
  if (pattern.find('{') == std::string_view::npos) return Matcher(pattern, path).run();
  for (const auto& p : expand_braces(pattern))
    if (Matcher(p, path).run()) return true;
  return false;
}

}  // namespace strata
