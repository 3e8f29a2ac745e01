#include "tasks/arguments.h"

#include <cctype>

namespace strata {

namespace {

std::string camel_case(std::string_view name) {
  std::string out;
  bool upper = false;
  for (char c : name) {
    if (c == '-') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

void store(std::map<std::string, std::string>& out, const std::string& name, std::string value) {
  if (name.find('-') != std::string::npos) out[camel_case(name)] = value;
  out[name] = std::move(value);
}

}  // namespace

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (char c : s) {
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else {
        cur += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

void parse_flags(const std::vector<std::string>& args, std::map<std::string, std::string>& out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) continue;
    std::string body = a.substr(2);
    size_t eq = body.find('=');
    if (eq != std::string::npos) {
      store(out, body.substr(0, eq), body.substr(eq + 1));
    } else if (body.rfind("no-", 0) == 0) {
      store(out, body.substr(3), "false");
    } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      store(out, body, args[++i]);
    } else {
      store(out, body, "true");
    }
  }
}

std::string shell_quote(std::string_view word) {
  bool safe = !word.empty();
  for (char c : word)
    safe = safe && (std::isalnum(static_cast<unsigned char>(c)) ||
                    std::string_view("_@%+=:,./-").find(c) != std::string_view::npos);
  if (safe) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace strata
