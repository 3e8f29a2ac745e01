#pragma once
// Test helper: a workspace in a fresh temporary directory, written file by
// file, loaded with load_workspace_from_files.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/loader.h"
#include "util/temp_dir.h"

namespace strata::testing {

class TestWorkspace : public testutil::TempDir {
 public:
  TestWorkspace() : TempDir("strata-config-test") {}

  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (auto& e : std::filesystem::recursive_directory_iterator(root()))
      if (e.is_regular_file()) out.push_back(e.path().lexically_relative(root()).generic_string());
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<Workspace> load(const InferredTargets* inferred = nullptr) {
    diags.clear();
    return load_workspace_from_files(root(), files(), diags, inferred);
  }

  // Every diagnostic as "warning|error: file:line:col: message (hint)".
  std::string report() const {
    std::string out;
    for (const auto& d : diags.items()) {
      out += d.severity == Severity::k_error ? "error: " : "warning: ";
      out += d.error.str();
      if (!d.error.hint.empty()) out += " (" + d.error.hint + ")";
      out += "\n";
    }
    return out;
  }

  Diagnostics diags;
};

}  // namespace strata::testing
