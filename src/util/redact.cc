// Two passes over the text. URLs: each "scheme://" starts a token that runs
// to the next space or quote; its userinfo ends at the LAST '@' before the
// query, so a password holding '@' is hidden whole. Keywords: any
// `...password=` (case-insensitive, at a word start) is followed by a value
// that is either quoted ('...' with \' escapes, as libpq writes them, or
// "...") or runs to the next space, '&' or quote; the value becomes ***.

#include "util/redact.h"

#include <cctype>

namespace strata {

namespace {

bool url_end(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '<' ||
         c == '>';
}

std::string redact_urls(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t scheme = text.find("://", pos);
    if (scheme == std::string_view::npos) break;
    size_t start = scheme + 3, end = start;
    while (end < text.size() && !url_end(text[end])) ++end;
    std::string_view rest = text.substr(start, end - start);
    std::string_view before_query = rest.substr(0, rest.find('?'));
    size_t at = before_query.rfind('@');
    size_t colon = at == std::string_view::npos ? at : before_query.find(':');
    out.append(text.substr(pos, start - pos));
    if (colon != std::string_view::npos && colon < at) {
      out.append(rest.substr(0, colon + 1)).append(k_redacted).append(rest.substr(at));
    } else {
      out.append(rest);
    }
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

bool word_start(std::string_view text, size_t i) {
  if (i == 0) return true;
  char c = text[i - 1];
  return !(std::isalnum(static_cast<unsigned char>(c)) || c == '_');
}

// Where a keyword's value that starts at `i` ends.
// Double quotes too: env files and shells write password="...", and a
// value that began with one was left in the clear.
size_t value_end(std::string_view text, size_t i) {
  if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
    char quote = text[i];
    for (size_t j = i + 1; j < text.size(); ++j) {
      if (text[j] == '\\')
        ++j;
      else if (text[j] == quote)
        return j + 1;
    }
    return text.size();
  }
  while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '&' &&
         text[i] != '"' && text[i] != '\'')
    ++i;
  return i;
}

std::string redact_keywords(std::string_view text) {
  std::string lower(text);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string out;
  size_t pos = 0, search = 0;
  while (true) {
    size_t hit = lower.find("password", search);
    if (hit == std::string::npos) break;
    size_t key = hit;  // the keyword may end in "password": sslpassword, PGPASSWORD
    while (key > 0 &&
           (std::isalpha(static_cast<unsigned char>(text[key - 1])) || text[key - 1] == '_'))
      --key;
    size_t eq = hit + 8;
    while (eq < text.size() && text[eq] == ' ') ++eq;
    search = hit + 8;
    if (!word_start(text, key) || eq >= text.size() || text[eq] != '=') continue;
    size_t value = eq + 1;
    while (value < text.size() && text[value] == ' ') ++value;
    // Already redacted (a message quoting a redacted string): leave it, so
    // redacting twice changes nothing, "password=***:" included.
    if (text.substr(value).starts_with(k_redacted)) continue;
    size_t end = value_end(text, value);
    if (end == value) continue;
    out.append(text.substr(pos, value - pos)).append(k_redacted);
    pos = search = end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

std::string redact_secrets(std::string_view text) { return redact_keywords(redact_urls(text)); }

}  // namespace strata
