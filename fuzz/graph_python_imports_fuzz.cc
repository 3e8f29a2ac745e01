// Fuzzes the Python import scanner: any bytes, including unterminated
// strings, f-strings and odd indentation, must scan without a fault, and
// no import may point past the last line.

#include <algorithm>
#include <cstdlib>

#include "fuzz/fuzz_input.h"
#include "graph/python_imports.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view src = strata::fuzz::as_view(data, size);
  auto lines = static_cast<uint32_t>(std::count(src.begin(), src.end(), '\n') + 1);
  for (const auto& imp : strata::scan_python_imports(src))
    if (imp.line > lines) std::abort();
  return 0;
}
