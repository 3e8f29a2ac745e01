// Two passes over one file: a lexer that yields names, operators and
// logical-line ends (inside brackets and after a backslash continuation a
// newline is no end), skipping comments and every form of string literal;
// then a tiny parser that looks for `import`/`from` at the start of a
// statement. Strings are skipped, never parsed, so their contents cannot
// produce imports; f-string replacement fields are skipped by nesting.

#include "graph/python_imports.h"

#include <algorithm>
#include <vector>

namespace strata {

namespace {

enum class Tok : uint8_t { k_name, k_op, k_newline, k_other };

struct Token {
  Tok kind;
  std::string_view text;
  bool top_level;  // outside any bracket
};

bool is_name_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         u >= 0x80;
}

// "r", "b", "u", "f" and two-letter mixes such as "rb" or "Rf".
bool is_string_prefix(std::string_view s) {
  if (s.empty() || s.size() > 2) return false;
  for (char c : s)
    if (std::string_view("rRbBuUfF").find(c) == std::string_view::npos) return false;
  return true;
}

bool has_f(std::string_view prefix) { return prefix.find_first_of("fF") != std::string_view::npos; }

class Lexer {
 public:
  explicit Lexer(std::string_view src) : m_s(src) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    while (m_p < m_s.size()) step(out);
    return out;
  }

 private:
  char at(size_t i) const { return i < m_s.size() ? m_s[i] : '\0'; }

  void step(std::vector<Token>& out) {
    char c = m_s[m_p];
    if (c == '\n' || c == '\r') {
      ++m_p;
      if (m_depth == 0 && !out.empty() && out.back().kind != Tok::k_newline)
        out.push_back({Tok::k_newline, {}, true});
    } else if (c == ' ' || c == '\t' || c == '\f') {
      ++m_p;
    } else if (c == '\\' && (at(m_p + 1) == '\n' || at(m_p + 1) == '\r')) {
      m_p += (at(m_p + 1) == '\r' && at(m_p + 2) == '\n') ? 3 : 2;
    } else if (c == '#') {
      while (m_p < m_s.size() && m_s[m_p] != '\n' && m_s[m_p] != '\r') ++m_p;
    } else if (c == '"' || c == '\'') {
      skip_string(false);
      out.push_back({Tok::k_other, {}, m_depth == 0});
    } else if (is_name_char(c)) {
      name(out);
    } else {
      op(out, c);
    }
  }

  void name(std::vector<Token>& out) {
    size_t b = m_p;
    while (m_p < m_s.size() && is_name_char(m_s[m_p])) ++m_p;
    std::string_view word = m_s.substr(b, m_p - b);
    char q = at(m_p);
    if ((q == '"' || q == '\'') && is_string_prefix(word)) {
      skip_string(has_f(word));
      out.push_back({Tok::k_other, {}, m_depth == 0});
      return;
    }
    bool digit = word[0] >= '0' && word[0] <= '9';
    out.push_back({digit ? Tok::k_other : Tok::k_name, word, m_depth == 0});
  }

  void op(std::vector<Token>& out, char c) {
    if (c == '(' || c == '[' || c == '{') ++m_depth;
    if ((c == ')' || c == ']' || c == '}') && m_depth > 0) --m_depth;
    out.push_back({Tok::k_op, m_s.substr(m_p, 1), m_depth == 0});
    ++m_p;
  }

  // At a quote: skips the whole literal. A single-quoted literal also ends
  // at an unescaped newline, so one broken line cannot swallow the file.
  void skip_string(bool fstring) {
    char q = m_s[m_p];
    bool triple = at(m_p + 1) == q && at(m_p + 2) == q;
    m_p += triple ? 3 : 1;
    while (m_p < m_s.size()) {
      char c = m_s[m_p];
      if (c == '\\') {
        m_p += 2;
      } else if (c == q && (!triple || (at(m_p + 1) == q && at(m_p + 2) == q))) {
        m_p += triple ? 3 : 1;
        return;
      } else if (!triple && (c == '\n' || c == '\r')) {
        return;
      } else if (fstring && c == '{') {
        if (at(m_p + 1) == '{')
          m_p += 2;
        else
          skip_replacement_field(triple);
      } else {
        ++m_p;
      }
    }
    m_p = std::min(m_p, m_s.size());
  }

  // At '{' inside an f-string: skips the expression up to its matching '}',
  // stepping over nested strings (which may reuse the outer quote).
  void skip_replacement_field(bool triple) {
    int depth = 0;
    while (m_p < m_s.size()) {
      char c = m_s[m_p];
      if (c == '{' || c == '(' || c == '[') {
        ++depth;
        ++m_p;
      } else if (c == '}' || c == ')' || c == ']') {
        ++m_p;
        if (--depth == 0) return;
      } else if (c == '"' || c == '\'') {
        bool f = m_p > 0 && (m_s[m_p - 1] == 'f' || m_s[m_p - 1] == 'F');
        skip_string(f);
      } else if (!triple && (c == '\n' || c == '\r')) {
        return;
      } else {
        ++m_p;
      }
    }
  }

  std::string_view m_s;
  size_t m_p = 0;
  int m_depth = 0;
};

class Parser {
 public:
  Parser(std::string_view src, const std::vector<Token>& toks, ImportList& out)
      : m_src(src), m_lines(src), m_t(toks), m_out(out) {}

  void run() {
    bool stmt_start = true;
    while (m_i < m_t.size()) {
      const Token& t = m_t[m_i++];
      if (stmt_start && (is_name(t, "import") || is_name(t, "from")))
        m_line = m_lines.line_at(static_cast<size_t>(t.text.data() - m_src.data()));
      if (stmt_start && is_name(t, "import")) {
        parse_import();
        stmt_start = false;
      } else if (stmt_start && is_name(t, "from")) {
        parse_from();
        stmt_start = false;
      } else {
        // Statements start a logical line, follow ';', or follow the ':'
        // of a one-line compound statement (`try: import x`).
        stmt_start = t.kind == Tok::k_newline || is_op(t, ';') || (is_op(t, ':') && t.top_level);
      }
    }
  }

 private:
  static bool is_name(const Token& t, std::string_view s) {
    return t.kind == Tok::k_name && t.text == s;
  }
  static bool is_op(const Token& t, char c) { return t.kind == Tok::k_op && t.text[0] == c; }
  const Token* peek() const { return m_i < m_t.size() ? &m_t[m_i] : nullptr; }
  bool take_op(char c) {
    if (peek() && is_op(*peek(), c)) return ++m_i, true;
    return false;
  }
  bool take_name(std::string_view s) {
    if (peek() && is_name(*peek(), s)) return ++m_i, true;
    return false;
  }

  // NAME ('.' NAME)*, or "" when no name follows.
  std::string dotted() {
    std::string s;
    while (peek() && peek()->kind == Tok::k_name) {
      s.append(peek()->text);
      ++m_i;
      if (!(peek() && is_op(*peek(), '.') && m_i + 1 < m_t.size() &&
            m_t[m_i + 1].kind == Tok::k_name))
        break;
      s.push_back('.');
      ++m_i;
    }
    return s;
  }

  void skip_alias() {
    if (take_name("as") && peek() && peek()->kind == Tok::k_name) ++m_i;
  }

  void parse_import() {
    do {
      std::string mod = dotted();
      if (mod.empty()) return;
      m_out.push_back({std::move(mod), ImportKind::k_static, m_line});
      skip_alias();
    } while (take_op(','));
  }

  void parse_from() {
    int dots = 0;
    while (take_op('.')) ++dots;
    std::string mod = dotted();
    if (!take_name("import") || (mod.empty() && dots == 0)) return;
    if (dots > 0) return;  // relative: resolves inside the same project
    bool paren = take_op('(');
    size_t before = m_out.size();
    for (;;) {
      if (take_op('*')) break;
      const Token* t = peek();
      if (!t || t->kind != Tok::k_name) break;
      m_out.push_back({mod + "." + std::string(t->text), ImportKind::k_static, m_line});
      ++m_i;
      skip_alias();
      if (!take_op(',')) break;
    }
    if (paren) take_op(')');
    if (m_out.size() == before) m_out.push_back({std::move(mod), ImportKind::k_static, m_line});
  }

  std::string_view m_src;
  LineCounter m_lines;
  const std::vector<Token>& m_t;
  ImportList& m_out;
  size_t m_i = 0;
  uint32_t m_line = 0;  // of the statement being parsed
};

}  // namespace

ImportList scan_python_imports(std::string_view src) {
  ImportList out;
  std::vector<Token> toks = Lexer(src).run();
  Parser(src, toks, out).run();
  return out;
}

}  // namespace strata
