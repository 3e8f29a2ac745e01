// A structural scan (strings skipped, depth counted) finds the top-level
// "embedding" key; its numbers are checked against JSON's number grammar
// and converted the way nlohmann's parser and get<float>() convert them:
// an integer through int64, anything with a fraction or exponent through
// double (strtod and from_chars both round correctly), then to float.

#include "vector/embedding_text.h"

#include <charconv>
#include <cstdint>

namespace strata::vec {

namespace {

constexpr size_t k_none = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t skip_space(std::string_view t, size_t i) {
  while (i < t.size() && is_space(t[i])) ++i;
  return i;
}

// Past the string opening at t[i]; k_none if it never closes.
size_t skip_string(std::string_view t, size_t i) {
  for (++i; i < t.size(); ++i) {
    if (t[i] == '\\')
      ++i;
    else if (t[i] == '"')
      return i + 1;
  }
  return k_none;
}

// Past the JSON number at t[i]; k_none if there is none. `integer`: no
// fraction and no exponent.
size_t number_end(std::string_view t, size_t i, bool& integer) {
  integer = true;
  if (i < t.size() && t[i] == '-') ++i;
  if (i >= t.size() || !is_digit(t[i])) return k_none;
  if (t[i] == '0')
    ++i;
  else
    while (i < t.size() && is_digit(t[i])) ++i;
  if (i < t.size() && t[i] == '.') {
    integer = false;
    if (++i >= t.size() || !is_digit(t[i])) return k_none;
    while (i < t.size() && is_digit(t[i])) ++i;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    integer = false;
    if (++i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (i >= t.size() || !is_digit(t[i])) return k_none;
    while (i < t.size() && is_digit(t[i])) ++i;
  }
  return i;
}

bool to_float(std::string_view token, bool integer, float& out) {
  const char* b = token.data();
  const char* e = b + token.size();
  if (integer) {
    if (token.size() > 18) return false;  // beyond int64 for certain: leave it to the parser
    int64_t v = 0;
    auto r = std::from_chars(b, e, v);
    if (r.ec != std::errc() || r.ptr != e) return false;
    out = static_cast<float>(v);
    return true;
  }
  double v = 0;
  auto r = std::from_chars(b, e, v);
  if (r.ec != std::errc() || r.ptr != e) return false;
  out = static_cast<float>(v);
  return true;
}

// Reads the array opening at t[i] == '['; returns the index past its ']'.
size_t read_numbers(std::string_view t, size_t i, std::vector<float>& out) {
  i = skip_space(t, i + 1);
  if (i < t.size() && t[i] == ']') return i + 1;
  for (;;) {
    bool integer = false;
    size_t end = number_end(t, i, integer);
    if (end == k_none) return k_none;
    float v = 0;
    if (!to_float(t.substr(i, end - i), integer, v)) return k_none;
    out.push_back(v);
    i = skip_space(t, end);
    if (i >= t.size()) return k_none;
    if (t[i] == ']') return i + 1;
    if (t[i] != ',') return k_none;
    i = skip_space(t, i + 1);
  }
}

}  // namespace

std::optional<SplitEmbedding> split_embedding(std::string_view t) {
  size_t i = skip_space(t, 0);
  if (i >= t.size() || t[i] != '{') return std::nullopt;
  SplitEmbedding out;
  size_t start = k_none, end = k_none;
  int depth = 0;
  char last = 0;  // the last structural character before a string
  while (i < t.size()) {
    char c = t[i];
    if (c == '"') {
      size_t after = skip_string(t, i);
      if (after == k_none) return std::nullopt;
      bool key = depth == 1 && (last == '{' || last == ',');
      if (key && t.substr(i, after - i) == "\"embedding\"") {
        size_t colon = skip_space(t, after);
        if (colon >= t.size() || t[colon] != ':') return std::nullopt;
        size_t open = skip_space(t, colon + 1);
        if (start != k_none || open >= t.size() || t[open] != '[') return std::nullopt;
        start = open;
        end = read_numbers(t, open, out.embedding);
        if (end == k_none) return std::nullopt;
        i = end;
        last = ']';
        continue;
      }
      i = after;
      last = '"';
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (!is_space(c)) last = c;
    ++i;
  }
  if (start == k_none) return std::nullopt;
  out.rest.reserve(t.size() - (end - start) + 4);
  out.rest.append(t.substr(0, start)).append("null").append(t.substr(end));
  return out;
}

}  // namespace strata::vec
