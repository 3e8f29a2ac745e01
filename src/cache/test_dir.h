#pragma once
// The cache layer's scratch directory: util's TempDir and the mode of a
// restored file.

#include <sys/stat.h>

#include <string_view>

#include "util/temp_dir.h"

namespace strata::testutil {

class TestDir : public TempDir {
 public:
  TestDir() : TempDir("strata-cache-test") {}
  mode_t mode(std::string_view rel) const {
    struct stat st{};
    ::lstat(path(rel).c_str(), &st);
    return st.st_mode & 07777;
  }
};

}  // namespace strata::testutil
