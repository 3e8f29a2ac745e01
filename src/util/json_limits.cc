// The nesting limit is checked by a scan before parsing, because nlohmann's
// SAX events carry no position; the scan knows the byte that crossed the
// limit. The parse itself runs through a SAX handler built on nlohmann's
// DOM builder, so the position of any error (including number overflow,
// which nlohmann reports as out_of_range without a byte offset) is kept.

#include "util/json_limits.h"

#include <fmt/format.h>

#include <type_traits>

#include "util/fs.h"

namespace strata {

namespace {

class LocatingSax : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
 public:
  explicit LocatingSax(nlohmann::json& root) : json_sax_dom_parser(root, false) {}

  // Shadows the base's: the parser calls it on this type directly.
  // `position` is one past the last character read; a number out of range
  // is reported at its first digit instead.
  template <class Exception>
  bool parse_error(size_t position, const std::string& token, const Exception& ex) {
    m_offset = position > 0 ? position - 1 : 0;
    if constexpr (std::is_same_v<Exception, nlohmann::detail::out_of_range>)
      m_offset = position >= token.size() ? position - token.size() : 0;
    m_what = ex.what();
    return false;
  }

  size_t offset() const { return m_offset; }
  const std::string& what() const { return m_what; }

 private:
  size_t m_offset = 0;
  std::string m_what;
};

// "[json.exception.parse_error.101] parse error at line 1, column 2: msg"
// -> "msg"; the location is reported separately.
std::string clean_message(std::string_view what) {
  size_t bracket = what.find("] ");
  if (what.substr(0, 1) == "[" && bracket != std::string_view::npos)
    what.remove_prefix(bracket + 2);
  if (what.substr(0, 15) == "parse error at ") {
    size_t colon = what.find(": ");
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  return std::string(what);
}

size_t skip_string(std::string_view text, size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\')
      ++i;
    else if (text[i] == '"')
      return i;
  }
  return text.size();
}

size_t skip_comment(std::string_view text, size_t i) {
  if (text[i + 1] == '/') {
    size_t nl = text.find('\n', i);
    return nl == std::string_view::npos ? text.size() : nl;
  }
  size_t end = text.find("*/", i + 2);
  return end == std::string_view::npos ? text.size() : end + 1;
}

}  // namespace

std::optional<size_t> json_nesting_overflow(std::string_view text, bool comments, size_t limit) {
  size_t depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      i = skip_string(text, i);
    } else if (c == '/' && comments && i + 1 < text.size() &&
               (text[i + 1] == '/' || text[i + 1] == '*')) {
      i = skip_comment(text, i);
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::optional<JsonProblem> parse_json_bounded(std::string_view text, bool comments,
                                              nlohmann::json& out) {
  // A refused text leaves `out` empty on every path, not holding a document
  // an earlier call parsed into it.
  out = nlohmann::json();
  if (auto at = json_nesting_overflow(text, comments))
    return JsonProblem{fmt::format("JSON nested deeper than {} levels", k_max_nesting), *at,
                       "flatten the document; no configuration needs this depth"};
  LocatingSax sax(out);
  if (nlohmann::json::sax_parse(text, &sax, nlohmann::json::input_format_t::json, true, comments))
    return std::nullopt;
  out = nlohmann::json();
  return JsonProblem{
      "invalid JSON: " + clean_message(sax.what()), std::min(sax.offset(), text.size()), {}};
}

SourceLoc locate_offset(std::string file, std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {std::move(file), line, static_cast<int>(offset - line_start) + 1};
}

Result<nlohmann::json> parse_json_file_text(std::string file, std::string_view text, bool comments,
                                            size_t max_bytes) {
  if (text.size() > max_bytes)
    return size_limit_error(std::move(file), text.size(), max_bytes, "JSON input");
  nlohmann::json out;
  if (auto problem = parse_json_bounded(text, comments, out))
    return Error(problem->message, locate_offset(std::move(file), text, problem->offset),
                 problem->hint);
  return out;
}

}  // namespace strata
