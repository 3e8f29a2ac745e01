#pragma once
// Maps JSON pointers (RFC 6901, "/targets/build/executor") and byte offsets
// back to line:col in the raw text, because nlohmann::json keeps no source
// positions. Lookups scan the text on demand: they are only needed for the
// few values a diagnostic or a Target::loc points at, so no index is built.

#include <map>
#include <string>
#include <string_view>

namespace strata {

struct TextPos {
  int line = 0;  // 1-based; 0 when unknown
  int col = 0;   // 1-based, in bytes
};

class JsonLocator {
 public:
  explicit JsonLocator(std::string_view text) : m_text(text) {}

  // Line and column of a byte offset (0-based) into the text.
  TextPos position_of(size_t offset) const;
  // Position of the value `pointer` names (for an object member, of its
  // key); the deepest existing ancestor when the path does not exist.
  TextPos locate(std::string_view pointer) const;
  // Positions of the keys of the object at `pointer`, by key, in one scan.
  std::map<std::string, TextPos> member_positions(std::string_view pointer) const;

 private:
  // Byte offset of the value at `pointer` and of the key naming it.
  struct Found {
    size_t value = 0;
    size_t key = 0;
    bool complete = false;  // false: only an ancestor was found
  };
  Found find(std::string_view pointer) const;

  std::string_view m_text;
};

// Appends one reference token to a JSON pointer, escaping '~' and '/'.
std::string json_pointer_append(std::string_view pointer, std::string_view key);

}  // namespace strata
