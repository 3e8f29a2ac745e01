#pragma once
// One import found in a source file, as written: the raw specifier before
// any resolution to a project. The scanners produce these; the scan cache
// stores them; the resolver maps them to projects.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

enum class ImportKind : uint8_t {
  k_static,          // import/require/from ... import, export ... from
  k_dynamic,         // import('m') with a literal specifier
  k_quoted_include,  // #include "x.h": relative to the file, then include dirs
  k_angled_include,  // #include <x.h>: include dirs only
};

struct ImportRef {
  std::string spec;  // "a.b.c", "@scope/pkg/sub", "./x", "dir/x.h"
  ImportKind kind = ImportKind::k_static;
  // 1-based line of the statement or directive (0: unknown), so boundary
  // checks can point at the import.
  uint32_t line = 0;

  friend bool operator==(const ImportRef&, const ImportRef&) = default;
};

using ImportList = std::vector<ImportRef>;

// Turns byte offsets into 1-based line numbers. Scanners ask in increasing
// offset order, so the whole file costs one pass however many imports it has.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : m_text(text) {}

  uint32_t line_at(size_t offset) {
    if (offset < m_pos) m_pos = 0, m_line = 1;  // out of order: start over
    for (; m_pos < offset && m_pos < m_text.size(); ++m_pos)
      if (m_text[m_pos] == '\n') ++m_line;
    return m_line;
  }

 private:
  std::string_view m_text;
  size_t m_pos = 0;
  uint32_t m_line = 1;
};

}  // namespace strata
