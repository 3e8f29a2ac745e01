// Translation phase 2 first: if the file has any backslash-newline, one
// spliced copy is made (most files have none and are scanned in place).
// Then one pass that knows whether only whitespace and comments precede the
// current position on its line; a '#' there starts a directive. Literals are
// skipped so `"#include <x>"` inside a raw string never counts; a pp-number
// is consumed whole so C++14 digit separators (1'000) are not taken for
// character literals.

#include "graph/cpp_includes.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace strata {

namespace {

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Also records where each removed line break was, as an offset into the
// spliced text, so directives keep their original line numbers.
std::string splice_lines(std::string_view src, std::vector<size_t>& splices) {
  std::string out;
  out.reserve(src.size());
  for (size_t i = 0; i < src.size(); ++i) {
    if (src[i] == '\\' && i + 1 < src.size() && src[i + 1] == '\n') {
      ++i;
      splices.push_back(out.size());
    } else if (src[i] == '\\' && i + 2 < src.size() && src[i + 1] == '\r' && src[i + 2] == '\n') {
      i += 2;
      splices.push_back(out.size());
    } else {
      out.push_back(src[i]);
    }
  }
  return out;
}

class Scanner {
 public:
  Scanner(std::string_view src, ImportList& out, std::vector<size_t> splices = {})
      : m_s(src), m_out(out), m_lines(src), m_splices(std::move(splices)) {}

  void run() {
    while (m_p < m_s.size()) step();
  }

 private:
  char at(size_t i) const { return i < m_s.size() ? m_s[i] : '\0'; }
  void to_line_end() {
    while (m_p < m_s.size() && m_s[m_p] != '\n') ++m_p;
  }

  // Skips a comment at m_p, if there is one.
  bool comment() {
    if (at(m_p) != '/') return false;
    if (at(m_p + 1) == '/') {
      to_line_end();
      return true;
    }
    if (at(m_p + 1) != '*') return false;
    size_t end = m_s.find("*/", m_p + 2);
    m_p = end == std::string_view::npos ? m_s.size() : end + 2;
    return true;
  }

  void step() {
    char c = m_s[m_p];
    if (c == '\n') {
      m_line_start = true;
      ++m_p;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++m_p;
    } else if (comment()) {
      // Comments keep the line's "only blanks so far" state.
    } else if (c == '#' && m_line_start) {
      m_hash = m_p;
      ++m_p;
      directive();
      m_line_start = false;
    } else {
      m_line_start = false;
      token(c);
    }
  }

  void token(char c) {
    if (c == '"' || c == '\'') return quoted(c);
    if (c >= '0' && c <= '9') return pp_number();
    if (!is_ident_char(c)) return void(++m_p);
    size_t b = m_p;
    while (m_p < m_s.size() && is_ident_char(m_s[m_p])) ++m_p;
    std::string_view w = m_s.substr(b, m_p - b);
    if (at(m_p) == '"' && !w.empty() && w.back() == 'R') raw_string();
  }

  void quoted(char q) {
    for (++m_p; m_p < m_s.size() && m_s[m_p] != q && m_s[m_p] != '\n';)
      m_p += m_s[m_p] == '\\' ? 2 : 1;
    if (m_p < m_s.size() && m_s[m_p] == q) ++m_p;
    m_p = std::min(m_p, m_s.size());
  }

  void pp_number() {
    while (m_p < m_s.size()) {
      char c = m_s[m_p];
      bool sign = (c == '+' || c == '-') &&
                  std::string_view("eEpP").find(m_s[m_p - 1]) != std::string_view::npos;
      if (!is_ident_char(c) && c != '.' && c != '\'' && !sign) return;
      ++m_p;
    }
  }

  // At the '"' of R"delim( ... )delim".
  void raw_string() {
    size_t open = m_s.find('(', m_p);
    if (open == std::string_view::npos || open - m_p > 17) return quoted('"');
    std::string close = ")" + std::string(m_s.substr(m_p + 1, open - m_p - 1)) + "\"";
    size_t end = m_s.find(close, open + 1);
    m_p = end == std::string_view::npos ? m_s.size() : end + close.size();
  }

  void blanks() {
    while (m_p < m_s.size()) {
      char c = m_s[m_p];
      if (c == ' ' || c == '\t')
        ++m_p;
      else if (!(c == '/' && at(m_p + 1) == '*' && comment()))
        return;
    }
  }

  void directive() {
    blanks();
    size_t b = m_p;
    while (m_p < m_s.size() && is_ident_char(m_s[m_p])) ++m_p;
    std::string_view name = m_s.substr(b, m_p - b);
    if (name != "include" && name != "include_next" && name != "import") return;
    blanks();
    char open = at(m_p);
    if (open != '"' && open != '<') return;
    char close = open == '"' ? '"' : '>';
    size_t start = ++m_p;
    while (m_p < m_s.size() && m_s[m_p] != close && m_s[m_p] != '\n') ++m_p;
    if (at(m_p) != close || m_p == start) return;
    m_out.push_back({std::string(m_s.substr(start, m_p - start)),
                     open == '"' ? ImportKind::k_quoted_include : ImportKind::k_angled_include,
                     line_of(m_hash)});
    ++m_p;
  }

  // The line in the original text: spliced-away line breaks before the
  // offset count too.
  uint32_t line_of(size_t offset) {
    auto joined = std::upper_bound(m_splices.begin(), m_splices.end(), offset) - m_splices.begin();
    return m_lines.line_at(offset) + static_cast<uint32_t>(joined);
  }

  std::string_view m_s;
  ImportList& m_out;
  LineCounter m_lines;
  std::vector<size_t> m_splices;  // sorted
  size_t m_p = 0;
  size_t m_hash = 0;  // where the current directive's '#' is
  bool m_line_start = true;
};

}  // namespace

ImportList scan_cpp_includes(std::string_view src) {
  ImportList out;
  if (src.find("\\\n") != std::string_view::npos || src.find("\\\r\n") != std::string_view::npos) {
    std::vector<size_t> splices;
    std::string spliced = splice_lines(src, splices);
    Scanner(spliced, out, std::move(splices)).run();
  } else {
    Scanner(src, out).run();
  }
  return out;
}

}  // namespace strata
