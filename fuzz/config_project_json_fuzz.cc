// Fuzzes the project.json reader: the JSON-with-comments parser, the
// pointer-to-line:col locator behind every diagnostic, and the checks of
// each project and target key. Malformed input must end in diagnostics,
// never a fault or an exception escaping the reader.

#include "config/config_file.h"
#include "config/project_source.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = strata::ConfigFile::from_json("libs/a/project.json",
                                            std::string(strata::fuzz::as_view(data, size)));
  if (file->ok()) strata::read_project_json(*file);
  return 0;
}
