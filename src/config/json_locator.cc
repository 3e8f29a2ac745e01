// A forward-only scanner over JSON text (with // and /* */ comments, as Nx
// allows) that walks one pointer path, skipping sibling values by bracket
// matching instead of building a tree. It assumes the text already parsed,
// so it is lenient: malformed input yields the deepest position reached.

#include "config/json_locator.h"

#include <charconv>
#include <vector>

namespace strata {

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : m_s(text) {}

  size_t pos() const { return m_pos; }
  void seek(size_t p) { m_pos = p; }
  bool at_end() const { return m_pos >= m_s.size(); }
  char peek() const { return at_end() ? '\0' : m_s[m_pos]; }

  void skip_ws() {
    while (!at_end()) {
      char c = m_s[m_pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++m_pos;
      } else if (c == '/' && m_pos + 1 < m_s.size() && m_s[m_pos + 1] == '/') {
        while (!at_end() && m_s[m_pos] != '\n') ++m_pos;
      } else if (c == '/' && m_pos + 1 < m_s.size() && m_s[m_pos + 1] == '*') {
        size_t end = m_s.find("*/", m_pos + 2);
        m_pos = end == std::string_view::npos ? m_s.size() : end + 2;
      } else {
        return;
      }
    }
  }

  // Reads a string starting at '"' and returns it unescaped.
  std::string read_string() {
    std::string out;
    ++m_pos;  // opening quote
    while (!at_end() && m_s[m_pos] != '"') {
      char c = m_s[m_pos++];
      if (c != '\\' || at_end()) {
        out += c;
        continue;
      }
      char e = m_s[m_pos++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u':
          out += decode_unicode();
          break;
        default:
          out += e;
      }
    }
    if (!at_end()) ++m_pos;  // closing quote
    return out;
  }

  // Reads a string at '"' and tells whether it equals `want`, without
  // allocating unless the string has escapes.
  bool read_string_equals(std::string_view want) {
    size_t start = m_pos + 1;
    size_t end = start;
    while (end < m_s.size() && m_s[end] != '"' && m_s[end] != '\\') ++end;
    if (end < m_s.size() && m_s[end] == '"') {
      m_pos = end + 1;
      return m_s.substr(start, end - start) == want;
    }
    return read_string() == want;
  }

  void skip_value() {
    char c = peek();
    if (c == '"') {
      read_string();
    } else if (c == '{' || c == '[') {
      skip_container();
    } else {
      while (!at_end() &&
             std::string_view(",}] \t\r\n/").find(m_s[m_pos]) == std::string_view::npos)
        ++m_pos;
    }
  }

 private:
  std::string decode_unicode() {
    unsigned cp = 0;
    if (m_pos + 4 <= m_s.size())
      std::from_chars(m_s.data() + m_pos, m_s.data() + m_pos + 4, cp, 16);
    m_pos += 4;
    std::string out;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
  }

  void skip_container() {
    int depth = 0;
    while (!at_end()) {
      skip_ws();
      char c = peek();
      if (c == '"') {
        read_string();
        continue;
      }
      ++m_pos;
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return;
    }
  }

  std::string_view m_s;
  size_t m_pos = 0;
};

std::vector<std::string> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  size_t i = pointer[0] == '/' ? 1 : 0;
  std::string cur;
  for (; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(cur));
      cur.clear();
    } else if (pointer[i] == '~' && i + 1 < pointer.size()) {
      cur += pointer[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      cur += pointer[i];
    }
  }
  return tokens;
}

// Moves the scanner to the member `key` of the object it stands on; returns
// the key's offset, or npos when the object has no such member. A key given
// twice is located at its last occurrence: that is the value the parser
// keeps, so that is what a diagnostic must point at.
size_t enter_member(Scanner& sc, const std::string& key) {
  sc.seek(sc.pos() + 1);  // '{'
  size_t found_key = std::string_view::npos, found_value = 0;
  auto done = [&] {
    if (found_key != std::string_view::npos) sc.seek(found_value);
    return found_key;
  };
  for (;;) {
    sc.skip_ws();
    if (sc.peek() != '"') return done();
    size_t key_pos = sc.pos();
    bool match = sc.read_string_equals(key);
    sc.skip_ws();
    if (sc.peek() == ':') sc.seek(sc.pos() + 1);
    sc.skip_ws();
    if (match) {
      found_key = key_pos;
      found_value = sc.pos();
    }
    sc.skip_value();
    sc.skip_ws();
    if (sc.peek() != ',') return done();
    sc.seek(sc.pos() + 1);
  }
}

bool enter_element(Scanner& sc, const std::string& token) {
  size_t index = 0;
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (ec != std::errc() || ptr != token.data() + token.size()) return false;
  sc.seek(sc.pos() + 1);  // '['
  for (size_t i = 0;; ++i) {
    sc.skip_ws();
    if (sc.peek() == ']' || sc.at_end()) return false;
    if (i == index) return true;
    sc.skip_value();
    sc.skip_ws();
    if (sc.peek() != ',') return false;
    sc.seek(sc.pos() + 1);
  }
}

}  // namespace

TextPos JsonLocator::position_of(size_t offset) const {
  offset = std::min(offset, m_text.size());
  TextPos p{1, 1};
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (m_text[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.col = static_cast<int>(offset - line_start) + 1;
  return p;
}

JsonLocator::Found JsonLocator::find(std::string_view pointer) const {
  Scanner sc(m_text);
  sc.skip_ws();
  Found f{sc.pos(), sc.pos(), true};
  for (const auto& token : split_pointer(pointer)) {
    size_t here = sc.pos();
    if (sc.peek() == '{') {
      size_t key_pos = enter_member(sc, token);
      if (key_pos == std::string_view::npos) return {here, f.key, false};
      f = {sc.pos(), key_pos, true};
    } else if (sc.peek() == '[') {
      if (!enter_element(sc, token)) return {here, f.key, false};
      f = {sc.pos(), sc.pos(), true};
    } else {
      return {here, f.key, false};
    }
  }
  return f;
}

TextPos JsonLocator::locate(std::string_view pointer) const {
  Found f = find(pointer);
  return position_of(f.complete ? f.key : f.value);
}

std::map<std::string, TextPos> JsonLocator::member_positions(std::string_view pointer) const {
  std::map<std::string, TextPos> out;
  Found f = find(pointer);
  if (!f.complete) return out;
  Scanner sc(m_text);
  sc.seek(f.value);
  if (sc.peek() != '{') return out;
  sc.seek(sc.pos() + 1);
  // Positions are computed incrementally so the whole object costs one pass.
  TextPos p{1, 1};
  size_t counted = 0;
  auto advance = [&](size_t to) {
    for (; counted < to; ++counted) {
      if (m_text[counted] == '\n') {
        ++p.line;
        p.col = 1;
      } else {
        ++p.col;
      }
    }
  };
  for (;;) {
    sc.skip_ws();
    if (sc.peek() != '"') return out;
    size_t key_pos = sc.pos();
    std::string key = sc.read_string();
    advance(key_pos);
    out.insert_or_assign(std::move(key), p);  // the last of a repeated key, as the parser keeps
    sc.skip_ws();
    if (sc.peek() == ':') sc.seek(sc.pos() + 1);
    sc.skip_ws();
    sc.skip_value();
    sc.skip_ws();
    if (sc.peek() != ',') return out;
    sc.seek(sc.pos() + 1);
  }
}

std::string json_pointer_append(std::string_view pointer, std::string_view key) {
  std::string out(pointer);
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace strata
