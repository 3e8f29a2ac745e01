#pragma once
// A temporary directory for one db test (util's TempDir), removed afterwards.

#include <filesystem>

#include "util/temp_dir.h"

namespace strata::db {

class TestDbDir : public testutil::TempDir {
 public:
  TestDbDir() : TempDir("strata-db-test") {}
  const std::filesystem::path& path() const { return root(); }
  using TempDir::path;
};

}  // namespace strata::db
