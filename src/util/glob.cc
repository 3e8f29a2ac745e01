// A backtracking matcher over path segments. `**` as a whole segment matches
// zero or more segments; inside a segment `*` matches any run of non-'/'.
// Backtracking is exponential in the number of stars on hostile patterns
// ("*a*a*a*a*a*a*a*a*a*a*b" against forty a's took a minute), so a match
// that needs more than k_step_budget steps starts again with a memo of the
// (pattern, path) positions known to fail: each is then tried once. Real
// patterns stay far below the budget and never pay for the memo.
//
// `{a,b}` groups are matched in place, not expanded: expanding is
// exponential in the number of groups (twenty made a million patterns).
// The matcher works on positions of the one pattern; an alternative's end
// (its ',' or the group's '}') jumps past the group, so what follows any
// position is fixed and the memo stays keyed by (pattern, path) positions.

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
constexpr size_t k_literal = static_cast<size_t>(-1);

// Where each brace group's parts are: for a '{' or a ',' of a group, the
// position of the group's next ',' or its '}'; for a ',' or '}' of a group,
// the position just past the '}'. Braces without a partner are literal, as
// are braces inside a `[...]` class. Empty for a pattern without '{' (most
// of them), so those cost no allocation.
struct BraceMap {
  std::vector<size_t> next;  // '{' and ',' -> the next delimiter
  std::vector<size_t> jump;  // ',' and '}' -> past the group

  bool group_at(size_t i) const { return !next.empty() && next[i] != k_literal; }
  bool ends_alternative_at(size_t i) const { return !jump.empty() && jump[i] != k_literal; }

  explicit BraceMap(std::string_view p) {
    if (p.find('{') == std::string_view::npos) return;
    next.assign(p.size(), k_literal);
    jump.assign(p.size(), k_literal);
    std::vector<std::vector<size_t>> open;  // per open group: '{' then its commas
    for (size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '[') {
        std::string_view rest = p.substr(i + 1);
        match_class(rest, '\0');
        i = p.size() - rest.size() - 1;  // the class's last character
      } else if (p[i] == '{') {
        open.push_back({i});
      } else if (p[i] == ',' && !open.empty()) {
        open.back().push_back(i);
      } else if (p[i] == '}' && !open.empty()) {
        close(open.back(), i);
        open.pop_back();
      }
    }
  }
  void close(const std::vector<size_t>& parts, size_t brace) {
    for (size_t k = 0; k < parts.size(); ++k) {
      next[parts[k]] = k + 1 < parts.size() ? parts[k + 1] : brace;
      if (k > 0) jump[parts[k]] = brace + 1;
    }
    jump[brace] = brace + 1;
  }
};

class Matcher {
 public:
  Matcher(std::string_view pattern, std::string_view path)
      : m_pattern(pattern), m_path(path), m_braces(pattern) {}

  size_t steps() const { return m_steps + m_memo_steps; }
  bool run() {
    if (match(0, 0)) return true;
    if (!m_gave_up) return false;
    m_failed.assign((m_pattern.size() + 1) * (m_path.size() + 1), 0);
    m_memo = true;
    m_gave_up = false;
    return match(0, 0);
  }

 private:
  // `p` and `s` are positions in the pattern and the path.
  bool match(size_t p, size_t s) {
    size_t key = p * (m_path.size() + 1) + s;
    if (m_memo) {
      ++m_memo_steps;
      if (m_failed[key]) return false;
    } else if (m_gave_up || ++m_steps > k_step_budget) {
      m_gave_up = true;
      return false;
    }
    bool hit = match_here(p, s);
    if (m_memo && !hit) m_failed[key] = 1;
    return hit;
  }
  bool match_here(size_t p, size_t s);
  bool match_globstar(size_t p, size_t s);
  bool match_group(size_t p, size_t s);

  std::string_view m_pattern, m_path;
  BraceMap m_braces;
  size_t m_steps = 0;
  size_t m_memo_steps = 0;
  bool m_gave_up = false;
  bool m_memo = false;
  std::vector<unsigned char> m_failed;
};

// "**/" matches zero or more whole segments; a trailing "**" the rest.
bool Matcher::match_globstar(size_t p, size_t s) {
  size_t rest = p + 2;
  bool slash = rest < m_pattern.size() && m_pattern[rest] == '/';
  if (slash) ++rest;
  if (rest == m_pattern.size()) return true;
  for (size_t i = s; i <= m_path.size(); ++i) {
    if ((i == s || m_path[i - 1] == '/') && match(rest, i)) return true;
    if (!slash && match(rest, i)) return true;
  }
  return false;
}

// Tries each alternative of the group opening at `p`.
bool Matcher::match_group(size_t p, size_t s) {
  for (size_t at = p; m_pattern[at] != '}'; at = m_braces.next[at])
    if (match(at + 1, s)) return true;
  return false;
}

bool Matcher::match_here(size_t p, size_t s) {
  while (p < m_pattern.size()) {
    char c = m_pattern[p];
    if (c == '*' && p + 1 < m_pattern.size() && m_pattern[p + 1] == '*')
      return match_globstar(p, s);
    if (c == '{' && m_braces.group_at(p)) return match_group(p, s);
    if ((c == ',' || c == '}') && m_braces.ends_alternative_at(p)) {
      p = m_braces.jump[p];  // an alternative ended: go on after its group
      continue;
    }
    if (c == '*') {
      for (size_t i = s; i <= m_path.size(); ++i) {
        if (match(p + 1, i)) return true;
        if (i < m_path.size() && m_path[i] == '/') return false;
      }
      return false;
    }
    if (s == m_path.size()) return false;
    if (c == '?') {
      if (m_path[s] == '/') return false;
    } else if (c == '[') {
      std::string_view q = m_pattern.substr(p + 1);
      if (!match_class(q, m_path[s])) return false;
      p = m_pattern.size() - q.size();
      ++s;
      continue;
    } else if (c != m_path[s]) {
      return false;
    }
    ++p;
    ++s;
  }
  return s == m_path.size();
}

}  // namespace

namespace {

// Appends the expansions of `pattern` to `out`; false once there would be
// more than `limit`.
bool expand_into(std::string_view pattern, size_t limit, std::vector<std::string>& out) {
  size_t open = pattern.find('{');
  if (open == std::string_view::npos) {
    out.emplace_back(pattern);
    return out.size() <= limit;
  }
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
  if (close == open) {
    out.emplace_back(pattern);
    return out.size() <= limit;
  }
  size_t start = open + 1;
  commas.push_back(close);
  for (size_t end : commas) {
    std::string alt = std::string(pattern.substr(0, open)) +
                      std::string(pattern.substr(start, end - start)) +
                      std::string(pattern.substr(close + 1));
    if (!expand_into(alt, limit, out)) return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

std::vector<std::string> expand_braces(std::string_view pattern, size_t limit) {
  std::vector<std::string> out;
  if (!expand_into(pattern, limit, out)) return {std::string(pattern)};
  return out;
}

bool is_glob(std::string_view pattern) {
  return pattern.find_first_of("*?[{") != std::string_view::npos;
}

GlobMatch glob_match_counted(std::string_view pattern, std::string_view path) {
  Matcher m(pattern, path);
  GlobMatch out;
  out.hit = m.run();
  out.steps = m.steps();
  return out;
}

bool glob_match(std::string_view pattern, std::string_view path) {
  return Matcher(pattern, path).run();
}

}  // namespace strata
