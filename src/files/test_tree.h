#pragma once
// A scratch directory under /tmp for the files layer's tests, removed when
// the test ends.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace strata::testutil {

class TestTree {
 public:
  TestTree() {
    std::string tmpl = "/tmp/strata-files-test-XXXXXX";
    char* dir = ::mkdtemp(tmpl.data());
    m_root = dir ? std::filesystem::path(dir) : std::filesystem::path();
  }
  ~TestTree() {
    std::error_code ec;
    std::filesystem::remove_all(m_root, ec);
  }
  TestTree(const TestTree&) = delete;
  TestTree& operator=(const TestTree&) = delete;

  const std::filesystem::path& root() const { return m_root; }
  std::filesystem::path path(std::string_view rel) const { return m_root / rel; }

  // Writes `content` at `rel`, creating parent directories.
  void write(std::string_view rel, std::string_view content) const {
    std::filesystem::path p = path(rel);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }
  void mkdir(std::string_view rel) const { std::filesystem::create_directories(path(rel)); }

 private:
  std::filesystem::path m_root;
};

}  // namespace strata::testutil
