// Fuzzes the pyproject.toml reader: the TOML parser, the TOML-to-JSON
// conversion, positions of JSON pointers in the TOML source, and the
// [project], [tool.poetry] and [tool.strata] readers.

#include "config/config_file.h"
#include "config/project_source.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = strata::ConfigFile::from_toml("libs/a/pyproject.toml",
                                            std::string(strata::fuzz::as_view(data, size)));
  if (file->ok()) strata::read_pyproject(*file);
  return 0;
}
