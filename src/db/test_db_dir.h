#pragma once
// A temporary directory for one db test, removed afterwards.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace strata::db {

class TestDbDir {
 public:
  TestDbDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_path = std::filesystem::temp_directory_path() /
             ("strata-db-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-" + info->name());
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TestDbDir() { std::filesystem::remove_all(m_path); }
  const std::filesystem::path& path() const { return m_path; }
  void write(const std::string& rel, const std::string& text) const {
    auto p = m_path / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace strata::db
