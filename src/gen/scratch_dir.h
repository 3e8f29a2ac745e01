#pragma once
// A temporary directory for the generator tests, removed when the test ends.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace strata::gen::testing {

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = "/tmp/strata-gen-test-XXXXXX";
    if (char* dir = ::mkdtemp(tmpl.data())) m_root = dir;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_root, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& root() const { return m_root; }
  void write(std::string_view rel, std::string_view content) const {
    auto p = m_root / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::string read(std::string_view rel) const {
    std::ifstream in(m_root / rel, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool exists(std::string_view rel) const { return std::filesystem::exists(m_root / rel); }

 private:
  std::filesystem::path m_root;
};

}  // namespace strata::gen::testing
