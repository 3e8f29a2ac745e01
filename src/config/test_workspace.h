#pragma once
// Test helper: a workspace in a fresh temporary directory, written file by
// file, loaded with load_workspace_from_files.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "config/loader.h"

namespace strata::testing {

class TestWorkspace {
 public:
  TestWorkspace() {
    std::random_device rd;
    m_root = std::filesystem::temp_directory_path() /
             ("strata-config-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(m_root);
  }
  ~TestWorkspace() {
    std::error_code ec;
    std::filesystem::remove_all(m_root, ec);
  }
  TestWorkspace(const TestWorkspace&) = delete;
  TestWorkspace& operator=(const TestWorkspace&) = delete;

  const std::filesystem::path& root() const { return m_root; }

  void write(const std::string& rel, const std::string& content) {
    auto p = m_root / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }

  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (auto& e : std::filesystem::recursive_directory_iterator(m_root))
      if (e.is_regular_file()) out.push_back(e.path().lexically_relative(m_root).generic_string());
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<Workspace> load(const InferredTargets* inferred = nullptr) {
    diags.clear();
    return load_workspace_from_files(m_root, files(), diags, inferred);
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

 private:
  std::filesystem::path m_root;
};

}  // namespace strata::testing
