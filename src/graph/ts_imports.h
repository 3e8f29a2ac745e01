#pragma once
// Finds the modules a TypeScript or JavaScript file imports, skipping
// comments, strings, template literals and regular-expression literals.

#include <string_view>

#include "graph/import_ref.h"

namespace strata {

// Static: `import x from 'm'`, `import {a} from "m"`, `import 'm'`,
// `import type ...`, `export * from 'm'`, `export {a} from 'm'`,
// `require('m')`. Dynamic: `import('m')` with a literal specifier.
ImportList scan_ts_imports(std::string_view src);

}  // namespace strata
