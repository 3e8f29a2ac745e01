// Fuzzes the package.json reader: project metadata, the "nx" key, scripts,
// dependencies and the root's "workspaces" globs (array or object form).

#include "config/config_file.h"
#include "config/project_source.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = strata::ConfigFile::from_json("libs/a/package.json",
                                            std::string(strata::fuzz::as_view(data, size)));
  if (!file->ok()) return 0;
  strata::read_package_json(*file);
  strata::package_json_workspaces(*file);
  return 0;
}
