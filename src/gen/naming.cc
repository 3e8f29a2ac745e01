// Names are checked once, as snake_case, and every other spelling is derived
// from the snake_case words, so "order_history" always becomes OrderHistory,
// order-history and ORDER_HISTORY in every language's templates.

#include "gen/naming.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace strata::gen {

namespace {

// Python keywords, JavaScript/TypeScript reserved and strict-mode words, and
// C++ keywords and alternative tokens: a name must be usable as an
// identifier, module and namespace in all three languages. Also a few names
// that are legal but break generated code: `std` as a C++ namespace, and
// `eval`/`arguments`, which strict-mode TypeScript refuses as local names.
constexpr std::array k_reserved = {"alignas",
                                   "alignof",
                                   "and",
                                   "and_eq",
                                   "any",
                                   "as",
                                   "asm",
                                   "assert",
                                   "async",
                                   "auto",
                                   "await",
                                   "bitand",
                                   "bitor",
                                   "bool",
                                   "boolean",
                                   "break",
                                   "case",
                                   "catch",
                                   "char",
                                   "char16_t",
                                   "char32_t",
                                   "char8_t",
                                   "class",
                                   "co_await",
                                   "co_return",
                                   "co_yield",
                                   "compl",
                                   "concept",
                                   "const",
                                   "const_cast",
                                   "consteval",
                                   "constexpr",
                                   "constinit",
                                   "continue",
                                   "debugger",
                                   "decltype",
                                   "declare",
                                   "def",
                                   "default",
                                   "del",
                                   "delete",
                                   "do",
                                   "double",
                                   "dynamic_cast",
                                   "elif",
                                   "else",
                                   "enum",
                                   "except",
                                   "explicit",
                                   "export",
                                   "extends",
                                   "extern",
                                   "false",
                                   "finally",
                                   "float",
                                   "for",
                                   "friend",
                                   "from",
                                   "function",
                                   "global",
                                   "goto",
                                   "if",
                                   "implements",
                                   "import",
                                   "in",
                                   "inline",
                                   "instanceof",
                                   "int",
                                   "interface",
                                   "is",
                                   "lambda",
                                   "let",
                                   "long",
                                   "module",
                                   "mutable",
                                   "namespace",
                                   "never",
                                   "new",
                                   "noexcept",
                                   "nonlocal",
                                   "not",
                                   "not_eq",
                                   "null",
                                   "nullptr",
                                   "number",
                                   "object",
                                   "operator",
                                   "or",
                                   "or_eq",
                                   "package",
                                   "pass",
                                   "private",
                                   "protected",
                                   "public",
                                   "raise",
                                   "register",
                                   "reinterpret_cast",
                                   "requires",
                                   "return",
                                   "short",
                                   "signed",
                                   "sizeof",
                                   "static",
                                   "static_assert",
                                   "static_cast",
                                   "string",
                                   "struct",
                                   "super",
                                   "switch",
                                   "symbol",
                                   "template",
                                   "this",
                                   "thread_local",
                                   "throw",
                                   "true",
                                   "try",
                                   "type",
                                   "typedef",
                                   "typeid",
                                   "typename",
                                   "typeof",
                                   "undefined",
                                   "union",
                                   "unknown",
                                   "unsigned",
                                   "using",
                                   "var",
                                   "virtual",
                                   "void",
                                   "volatile",
                                   "wchar_t",
                                   "while",
                                   "with",
                                   "xor",
                                   "xor_eq",
                                   "yield",
                                   "std",
                                   "eval",
                                   "arguments"};

bool is_valid_shape(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z' || s.back() == '_') return false;
  if (s.find("__") != std::string_view::npos) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::vector<std::string> split_snake(std::string_view snake) {
  std::vector<std::string> words(1);
  for (char c : snake) {
    if (c == '_')
      words.emplace_back();
    else
      words.back() += c;
  }
  return words;
}

std::string capitalised(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

// Words of free text: runs of letters and digits, split where a lower-case
// letter or digit is followed by an upper-case one ("OrderHistory").
std::vector<std::string> words_of(std::string_view raw) {
  std::vector<std::string> words;
  std::string cur;
  char prev = 0;
  for (char c : raw) {
    bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    bool upper = std::isupper(static_cast<unsigned char>(c)) != 0;
    bool split = !alnum || (upper && prev &&
                            (std::islower(static_cast<unsigned char>(prev)) ||
                             std::isdigit(static_cast<unsigned char>(prev))));
    if (split && !cur.empty()) words.push_back(std::move(cur)), cur.clear();
    if (alnum) cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    prev = alnum ? c : 0;
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

}  // namespace

bool is_reserved_word(std::string_view word) {
  return std::find(k_reserved.begin(), k_reserved.end(), word) != k_reserved.end();
}

NameForms name_forms(std::string_view snake) {
  NameForms f;
  f.snake = std::string(snake);
  auto words = split_snake(snake);
  for (size_t i = 0; i < words.size(); ++i) {
    f.pascal += capitalised(words[i]);
    f.camel += i == 0 ? words[i] : capitalised(words[i]);
    f.kebab += (i ? "-" : "") + words[i];
  }
  for (char c : f.snake) f.upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return f;
}

std::string suggest_name(std::string_view raw, std::string_view kind) {
  std::string out;
  for (const auto& w : words_of(raw)) out += (out.empty() ? "" : "_") + w;
  if (out.empty()) return std::string("my_") + std::string(kind);
  if (std::isdigit(static_cast<unsigned char>(out[0]))) out = std::string(kind) + "_" + out;
  if (is_reserved_word(out)) out += "_" + std::string(kind);
  return out;
}

Result<NameForms> parse_name(std::string_view raw, std::string_view what) {
  std::string kind(what.substr(0, what.find(' ')));
  std::string hint = "did you mean '" + suggest_name(raw, kind) + "'?";
  if (!is_valid_shape(raw))
    return Error(std::string(what) + " '" + std::string(raw) +
                     "' is not a lower snake_case identifier ([a-z][a-z0-9_]*)",
                 {}, hint);
  if (raw.size() > k_max_name_length)
    return Error(std::string(what) + " '" + std::string(raw) + "' is longer than " +
                     std::to_string(k_max_name_length) + " characters",
                 {}, "choose a shorter name; it becomes class, module and table names");
  if (is_reserved_word(raw))
    return Error(std::string(what) + " '" + std::string(raw) +
                     "' is a keyword or reserved name in Python, TypeScript or C++",
                 {}, hint);
  return name_forms(raw);
}

}  // namespace strata::gen
