#pragma once
// Finds the #include directives of a C or C++ file, skipping comments,
// string, character and raw string literals, and honouring line
// continuations.

#include <string_view>

#include "graph/import_ref.h"

namespace strata {

// `#include "x.h"` (k_quoted_include), `#include <x.h>` (k_angled_include),
// and the same for #include_next and #import. Computed includes
// (`#include MACRO`) are left out.
ImportList scan_cpp_includes(std::string_view src);

}  // namespace strata
