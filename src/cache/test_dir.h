#pragma once
// A scratch directory for the cache layer's tests, removed when the test
// ends, with helpers to write and read files and to capture warnings.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace strata::testutil {

class TestDir {
 public:
  TestDir() {
    std::string tmpl = "/tmp/strata-cache-test-XXXXXX";
    char* dir = ::mkdtemp(tmpl.data());
    m_root = dir ? std::filesystem::canonical(dir) : std::filesystem::path();
  }
  ~TestDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_root, ec);
  }
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;

  const std::filesystem::path& root() const { return m_root; }
  std::filesystem::path path(std::string_view rel) const { return m_root / rel; }

  void write(std::string_view rel, std::string_view content, mode_t mode = 0644) const {
    std::filesystem::path p = path(rel);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(content.data(), static_cast<std::streamsize>(content.size()));
    ::chmod(p.c_str(), mode);
  }
  std::string read(std::string_view rel) const {
    std::ifstream in(path(rel), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool exists(std::string_view rel) const {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path(rel), ec));
  }
  mode_t mode(std::string_view rel) const {
    struct stat st {};
    ::lstat(path(rel).c_str(), &st);
    return st.st_mode & 07777;
  }

 private:
  std::filesystem::path m_root;
};

}  // namespace strata::testutil
