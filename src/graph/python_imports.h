#pragma once
// Finds the modules a Python file imports, skipping comments, strings,
// docstrings and f-strings, so text that merely looks like an import never
// counts.

#include <string_view>

#include "graph/import_ref.h"

namespace strata {

// Absolute imports only: `import a.b`, `import a as b, c`, `from a.b import
// c` (reported as "a.b.c", which still resolves by its leading segments),
// parenthesised multi-line forms. Relative imports (`from . import x`) stay
// within their project and are left out.
ImportList scan_python_imports(std::string_view src);

}  // namespace strata
