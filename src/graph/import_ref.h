#pragma once
// One import found in a source file, as written: the raw specifier before
// any resolution to a project. The scanners produce these; the scan cache
// stores them; the resolver maps them to projects.

#include <cstdint>
#include <string>
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

  friend bool operator==(const ImportRef&, const ImportRef&) = default;
};

using ImportList = std::vector<ImportRef>;

}  // namespace strata
