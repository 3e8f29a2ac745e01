// A port of git's wildmatch (pathname mode) and of the way git parses and
// applies .gitignore lines, so that Strata skips exactly what `git status`
// skips. Most real rules are plain names ("dist") or suffixes ("*.log");
// they are classified once when parsed and compared without the matcher.

#include "files/gitignore.h"

#include <cctype>

namespace strata {

namespace {

enum WildResult { k_match, k_no_match, k_abort_all, k_abort_to_starstar };

bool is_special(char c) { return c == '*' || c == '?' || c == '[' || c == '\\'; }

bool has_special(std::string_view s) {
  for (char c : s)
    if (is_special(c)) return true;
  return false;
}

// Bytes past the end read as '\0', as in the C original this follows.
struct Cursor {
  std::string_view s;
  unsigned char operator()(size_t i) const {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
  }
};

// Named POSIX classes inside brackets: [[:digit:]].
int match_named_class(std::string_view name, unsigned char c) {
  static const struct {
    std::string_view name;
    int (*test)(int);
  } k_classes[] = {
      {"alnum", ::isalnum}, {"alpha", ::isalpha}, {"blank", ::isblank}, {"cntrl", ::iscntrl},
      {"digit", ::isdigit}, {"graph", ::isgraph}, {"lower", ::islower}, {"print", ::isprint},
      {"punct", ::ispunct}, {"space", ::isspace}, {"upper", ::isupper}, {"xdigit", ::isxdigit},
  };
  for (const auto& k : k_classes)
    if (k.name == name) return k.test(c) ? 1 : 0;
  return -1;  // malformed class name
}

// Matches the bracket expression starting at pat[p] == '['; leaves `p` on
// its closing ']'. Returns k_match, k_no_match or k_abort_all.
int match_bracket(Cursor pat, size_t& p, unsigned char t_ch) {
  unsigned char p_ch = pat(++p);
  if (p_ch == '^') p_ch = '!';
  bool negated = p_ch == '!';
  if (negated) p_ch = pat(++p);
  unsigned char prev_ch = 0;
  bool matched = false;
  do {
    if (!p_ch) return k_abort_all;
    if (p_ch == '\\') {
      p_ch = pat(++p);
      if (!p_ch) return k_abort_all;
      if (t_ch == p_ch) matched = true;
    } else if (p_ch == '-' && prev_ch && pat(p + 1) && pat(p + 1) != ']') {
      p_ch = pat(++p);
      if (p_ch == '\\') {
        p_ch = pat(++p);
        if (!p_ch) return k_abort_all;
      }
      if (t_ch <= p_ch && t_ch >= prev_ch) matched = true;
      p_ch = 0;  // a range cannot start a new range
    } else if (p_ch == '[' && pat(p + 1) == ':') {
      size_t s = p += 2;
      while ((p_ch = pat(p)) && p_ch != ']') ++p;
      if (!p_ch) return k_abort_all;
      if (p == s || pat(p - 1) != ':') {
        // No ":]": the '[' is an ordinary member of the set.
        p = s - 2;
        p_ch = '[';
        if (t_ch == p_ch) matched = true;
        continue;
      }
      int hit = match_named_class(pat.s.substr(s, p - s - 1), t_ch);
      if (hit < 0) return k_abort_all;
      if (hit) matched = true;
      p_ch = 0;
    } else if (t_ch == p_ch) {
      matched = true;
    }
  } while (prev_ch = p_ch, (p_ch = pat(++p)) != ']');
  if (matched == negated || t_ch == '/') return k_no_match;
  return k_match;
}

int dowild(Cursor pat, size_t p, Cursor text, size_t t);

// pat[p - 1] is the first '*' of a run. Tries every split of the text.
int match_star(Cursor pat, size_t p, Cursor text, size_t t) {
  bool match_slash = false;
  if (pat(p) == '*') {
    size_t first = p - 1;
    while (pat(++p) == '*') {
    }
    bool own_segment_start = first == 0 || pat(first - 1) == '/';
    bool own_segment_end = !pat(p) || pat(p) == '/' || (pat(p) == '\\' && pat(p + 1) == '/');
    if (own_segment_start && own_segment_end) {
      // "**/" may match no directory at all.
      if (pat(p) == '/' && dowild(pat, p + 1, text, t) == k_match) return k_match;
      match_slash = true;
    }
  }
  if (!pat(p)) {
    // A trailing "**" matches the rest; a trailing '*' only within a segment.
    if (!match_slash && text.s.find('/', t) != std::string_view::npos) return k_no_match;
    return k_match;
  }
  if (!match_slash && pat(p) == '/') {
    // A single '*' followed by '/' matches up to the next directory.
    size_t slash = text.s.find('/', t);
    if (slash == std::string_view::npos) return k_no_match;
    return dowild(pat, p + 1, text, slash + 1);
  }
  for (unsigned char t_ch = text(t); t_ch; t_ch = text(++t)) {
    if (!is_special(static_cast<char>(pat(p)))) {
      // Skip ahead to the next occurrence of the literal after the star.
      unsigned char want = pat(p);
      while ((t_ch = text(t)) && (match_slash || t_ch != '/') && t_ch != want) ++t;
      if (t_ch != want) return k_no_match;
    }
    int r = dowild(pat, p, text, t);
    if (r != k_no_match) {
      if (!match_slash || r != k_abort_to_starstar) return r;
    } else if (!match_slash && t_ch == '/') {
      return k_abort_to_starstar;
    }
  }
  return k_abort_all;
}

int dowild(Cursor pat, size_t p, Cursor text, size_t t) {
  for (; pat(p); ++t, ++p) {
    unsigned char p_ch = pat(p);
    unsigned char t_ch = text(t);
    if (!t_ch && p_ch != '*') return k_abort_all;
    switch (p_ch) {
      case '\\':
        p_ch = pat(++p);
        [[fallthrough]];
      default:
        if (t_ch != p_ch) return k_no_match;
        break;
      case '?':
        if (t_ch == '/') return k_no_match;
        break;
      case '*':
        return match_star(pat, p + 1, text, t);
      case '[': {
        int r = match_bracket(pat, p, t_ch);
        if (r != k_match) return r;
        break;
      }
    }
  }
  return text(t) ? k_no_match : k_match;
}

// Drops trailing spaces unless the last one is escaped with '\'.
std::string_view trim_trailing_spaces(std::string_view s) {
  size_t keep = s.size();
  bool in_spaces = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') {
      if (!in_spaces) keep = i;
      in_spaces = true;
      continue;
    }
    if (s[i] == '\\' && ++i == s.size()) return s;  // dangling '\': keep the line as is
    in_spaces = false;
  }
  return in_spaces ? s.substr(0, keep) : s;
}

IgnoreRule::Kind classify(const IgnoreRule& r) {
  if (!has_special(r.pattern)) return IgnoreRule::Kind::k_literal;
  if (r.basename && r.pattern.size() > 1 && r.pattern[0] == '*' &&
      !has_special(std::string_view(r.pattern).substr(1)))
    return IgnoreRule::Kind::k_ends_with;
  return IgnoreRule::Kind::k_glob;
}

bool rule_matches(const IgnoreRule& r, std::string_view s) {
  switch (r.kind) {
    case IgnoreRule::Kind::k_literal:
      return s == r.pattern;
    case IgnoreRule::Kind::k_ends_with:
      return s.size() >= r.pattern.size() - 1 &&
             s.compare(s.size() - (r.pattern.size() - 1), std::string_view::npos,
                       std::string_view(r.pattern).substr(1)) == 0;
    case IgnoreRule::Kind::k_glob:
      return wildmatch(r.pattern, s);
  }
  return false;
}

}  // namespace

bool wildmatch(std::string_view pattern, std::string_view text) {
  return dowild(Cursor{pattern}, 0, Cursor{text}, 0) == k_match;
}

IgnoreList::IgnoreList(std::string_view text, std::string base) : m_base(std::move(base)) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  while (!text.empty()) {
    size_t nl = text.find('\n');
    add_line(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

void IgnoreList::add_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty() || line[0] == '#') return;
  line = trim_trailing_spaces(line);
  IgnoreRule r;
  if (!line.empty() && line[0] == '!') {
    r.negated = true;
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    r.dir_only = true;
    line.remove_suffix(1);
  }
  r.basename = line.find('/') == std::string_view::npos;
  if (!line.empty() && line[0] == '/') line.remove_prefix(1);
  if (line.empty()) return;
  r.pattern = std::string(line);
  r.kind = classify(r);
  m_rules.push_back(std::move(r));
}

IgnoreMatch IgnoreList::match(std::string_view rel_path, bool is_dir) const {
  std::string_view local = rel_path.substr(m_base.size());
  size_t slash = local.rfind('/');
  std::string_view name = slash == std::string_view::npos ? local : local.substr(slash + 1);
  for (auto it = m_rules.rbegin(); it != m_rules.rend(); ++it) {
    if (it->dir_only && !is_dir) continue;
    if (rule_matches(*it, it->basename ? name : local))
      return it->negated ? IgnoreMatch::k_included : IgnoreMatch::k_ignored;
  }
  return IgnoreMatch::k_none;
}

}  // namespace strata
