#pragma once
// The one scratch directory of the unit tests: a fresh directory under the
// system's temporary directory (TMPDIR), removed with everything in it when
// the test ends, with helpers to write and read files in it. Header-only
// and used only by *_test.cc files and the layers' test helpers.

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace strata::testutil {

class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "strata-test") {
    std::error_code ec;
    std::string tmpl =
        (std::filesystem::temp_directory_path(ec) / (std::string(prefix) + "-XXXXXX")).string();
    // Canonical, so paths the code under test resolves compare equal.
    if (char* dir = ::mkdtemp(tmpl.data())) m_root = std::filesystem::canonical(dir, ec);
  }
  ~TempDir() {
    std::error_code ec;
    if (!m_root.empty()) std::filesystem::remove_all(m_root, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& root() const { return m_root; }
  std::filesystem::path path(std::string_view rel) const { return m_root / rel; }

  // Writes `content` at `rel`, creating parent directories.
  void write(std::string_view rel, std::string_view content, mode_t mode = 0644) const {
    std::filesystem::path p = path(rel);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc)
        .write(content.data(), static_cast<std::streamsize>(content.size()));
    ::chmod(p.c_str(), mode);
  }
  std::string read(std::string_view rel) const {
    std::ifstream in(path(rel), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // True for a dangling symlink too.
  bool exists(std::string_view rel) const {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path(rel), ec));
  }
  void mkdir(std::string_view rel) const { std::filesystem::create_directories(path(rel)); }

 private:
  std::filesystem::path m_root;
};

}  // namespace strata::testutil
