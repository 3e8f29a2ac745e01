// A lexer that turns the file into significant tokens (identifiers, single
// punctuators, string and no-substitution template literals) and drops
// comments, regular expressions and the text of templates; then a pattern
// match over the token list. Whether '/' starts a regular expression or is a
// division is decided, as most tools do, from the previous token. Template
// substitutions `${...}` are lexed as code, since they are code. A quoted
// string ends at an unescaped newline, which bounds the damage of JSX text
// such as `<p>Don't</p>` to one line.

#include "graph/ts_imports.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace strata {

namespace {

enum class Tok : uint8_t { k_ident, k_punct, k_string, k_template, k_number, k_other };

struct Token {
  Tok kind;
  std::string_view text;  // for strings, the contents without quotes
};

// Character classes by table: the lexer asks for every byte of the file.
enum : uint8_t { k_start = 1, k_part = 2 };
constexpr std::array<uint8_t, 256> k_char_class = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool start =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
    if (start) t[c] = k_start | k_part;
    if (c >= '0' && c <= '9') t[c] = k_part;
  }
  return t;
}();

bool is_ident_start(char c) { return k_char_class[static_cast<unsigned char>(c)] & k_start; }

bool is_ident_char(char c) { return k_char_class[static_cast<unsigned char>(c)] & k_part; }

// Keywords after which '/' begins a regular expression, not a division.
bool keyword_before_expression(std::string_view w) {
  static constexpr std::string_view k_words[] = {"return", "typeof", "instanceof", "in",    "of",
                                                 "new",    "delete", "void",       "throw", "case",
                                                 "do",     "else",   "yield",      "await"};
  return std::find(std::begin(k_words), std::end(k_words), w) != std::end(k_words);
}

class Lexer {
 public:
  // Tokens go into `out` (cleared first): a cold graph scans thousands of
  // files, and a buffer the thread reuses spares growing a vector for each.
  Lexer(std::string_view src, std::vector<Token>& out) : m_s(src), m_out(out) { m_out.clear(); }

  void run() {
    if (m_s.substr(0, 2) == "#!") skip_line();
    while (m_p < m_s.size()) step();
  }

 private:
  char at(size_t i) const { return i < m_s.size() ? m_s[i] : '\0'; }
  void skip_line() {
    while (m_p < m_s.size() && m_s[m_p] != '\n') ++m_p;
  }

  void step() {
    char c = m_s[m_p];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++m_p;
    } else if (c == '/' && at(m_p + 1) == '/') {
      skip_line();
    } else if (c == '/' && at(m_p + 1) == '*') {
      size_t end = m_s.find("*/", m_p + 2);
      m_p = end == std::string_view::npos ? m_s.size() : end + 2;
    } else if (c == '/' && regex_allowed()) {
      skip_regex();
    } else if (c == '"' || c == '\'') {
      quoted(c);
    } else if (c == '`') {
      ++m_p;
      template_chunk(true);
    } else if (is_ident_start(c)) {
      word(Tok::k_ident);
    } else if (c >= '0' && c <= '9') {
      word(Tok::k_number);
    } else {
      punct(c);
    }
  }

  bool regex_allowed() const {
    if (m_out.empty()) return true;
    const Token& t = m_out.back();
    switch (t.kind) {
      case Tok::k_ident:
        return keyword_before_expression(t.text);
      case Tok::k_punct:
        return t.text[0] != ')' && t.text[0] != ']' && t.text[0] != '}';
      case Tok::k_other:
        return true;
      default:
        return false;
    }
  }

  void skip_regex() {
    bool in_class = false;
    for (++m_p; m_p < m_s.size(); ++m_p) {
      char c = m_s[m_p];
      if (c == '\\')
        ++m_p;
      else if (c == '\n')
        break;
      else if (c == '[')
        in_class = true;
      else if (c == ']')
        in_class = false;
      else if (c == '/' && !in_class)
        break;
    }
    ++m_p;
    while (m_p < m_s.size() && is_ident_char(m_s[m_p])) ++m_p;  // flags
    m_out.push_back({Tok::k_number, {}});                       // a value: '/' after it divides
  }

  void quoted(char q) {
    size_t b = ++m_p;
    while (m_p < m_s.size() && m_s[m_p] != q && m_s[m_p] != '\n') m_p += m_s[m_p] == '\\' ? 2 : 1;
    m_p = std::min(m_p, m_s.size());
    m_out.push_back({Tok::k_string, m_s.substr(b, m_p - b)});
    if (m_p < m_s.size() && m_s[m_p] == q) ++m_p;
  }

  // Just after '`' or the '}' closing a substitution: scans text up to the
  // closing '`' or the next "${", which re-enters code.
  // `head`: the chunk right after the opening '`'; only a head that reaches
  // the closing '`' is a literal with no substitutions.
  void template_chunk(bool head) {
    size_t b = m_p;
    while (m_p < m_s.size()) {
      char c = m_s[m_p];
      if (c == '\\') {
        m_p += 2;
      } else if (c == '`') {
        m_out.push_back({head ? Tok::k_template : Tok::k_other, m_s.substr(b, m_p - b)});
        ++m_p;
        return;
      } else if (c == '$' && at(m_p + 1) == '{') {
        m_p += 2;
        m_templates.push_back(m_braces);
        m_out.push_back({Tok::k_other, {}});
        return;
      } else {
        ++m_p;
      }
    }
  }

  void word(Tok kind) {
    size_t b = m_p;
    while (m_p < m_s.size() &&
           (is_ident_char(m_s[m_p]) || (kind == Tok::k_number && m_s[m_p] == '.')))
      ++m_p;
    m_out.push_back({kind, m_s.substr(b, m_p - b)});
  }

  void punct(char c) {
    ++m_p;
    if (c == '{') ++m_braces;
    if (c == '}') {
      if (!m_templates.empty() && m_templates.back() == m_braces) {
        m_templates.pop_back();
        template_chunk(false);
        return;
      }
      --m_braces;
    }
    m_out.push_back({Tok::k_punct, m_s.substr(m_p - 1, 1)});
  }

  std::string_view m_s;
  size_t m_p = 0;
  std::vector<Token>& m_out;
  std::vector<int> m_templates;  // brace depth at each open "${"
  int m_braces = 0;
};

class Matcher {
 public:
  Matcher(std::string_view src, const std::vector<Token>& t, ImportList& out)
      : m_src(src), m_lines(src), m_t(t), m_out(out) {}

  void run() {
    for (size_t i = 0; i < m_t.size(); ++i) {
      if (m_t[i].kind != Tok::k_ident || after_dot(i)) continue;
      std::string_view w = m_t[i].text;
      m_keyword = i;
      if (w == "import")
        on_import(i);
      else if (w == "export")
        on_export(i);
      else if (w == "require")
        on_call(i, ImportKind::k_static);
    }
  }

 private:
  const Token* tok(size_t i) const { return i < m_t.size() ? &m_t[i] : nullptr; }
  bool punct(size_t i, char c) const {
    return tok(i) && tok(i)->kind == Tok::k_punct && tok(i)->text[0] == c;
  }
  bool ident(size_t i, std::string_view w) const {
    return tok(i) && tok(i)->kind == Tok::k_ident && tok(i)->text == w;
  }
  bool literal(size_t i) const {
    return tok(i) && (tok(i)->kind == Tok::k_string || tok(i)->kind == Tok::k_template);
  }
  bool after_dot(size_t i) const { return i > 0 && punct(i - 1, '.'); }
  void add(size_t i, ImportKind kind) {
    if (m_t[i].text.empty()) return;
    size_t at = static_cast<size_t>(m_t[m_keyword].text.data() - m_src.data());
    m_out.push_back({std::string(m_t[i].text), kind, m_lines.line_at(at)});
  }

  // `name('m')` or `name('m', options)` with a literal argument.
  void on_call(size_t i, ImportKind kind) {
    if (punct(i + 1, '(') && literal(i + 2) && (punct(i + 3, ')') || punct(i + 3, ',')))
      add(i + 2, kind);
  }

  void on_import(size_t i) {
    if (punct(i + 1, '(')) return on_call(i, ImportKind::k_dynamic);
    if (tok(i + 1) && tok(i + 1)->kind == Tok::k_string) return add(i + 1, ImportKind::k_static);
    find_from(i + 1);
  }

  void on_export(size_t i) {
    size_t j = ident(i + 1, "type") ? i + 2 : i + 1;
    if (punct(j, '*') || punct(j, '{')) find_from(j);
  }

  // Walks an import/export clause (names, braces, commas, '*') to a
  // `from 'm'`; anything else means this was no module reference.
  void find_from(size_t j) {
    for (; j < m_t.size(); ++j) {
      const Token& t = m_t[j];
      if (t.kind == Tok::k_ident && t.text == "from" && tok(j + 1) &&
          tok(j + 1)->kind == Tok::k_string)
        return add(j + 1, ImportKind::k_static);
      bool clause = t.kind == Tok::k_ident || punct(j, '{') || punct(j, '}') || punct(j, ',') ||
                    punct(j, '*');
      if (!clause) return;
    }
  }

  std::string_view m_src;
  LineCounter m_lines;
  const std::vector<Token>& m_t;
  ImportList& m_out;
  size_t m_keyword = 0;  // the import/export/require token being matched
};

}  // namespace

ImportList scan_ts_imports(std::string_view src) {
  ImportList out;
  thread_local std::vector<Token> toks;
  Lexer(src, toks).run();
  Matcher(src, toks, out).run();
  return out;
}

}  // namespace strata
