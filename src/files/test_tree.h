#pragma once
// The files layer's scratch directory: util's TempDir.

#include "util/temp_dir.h"

namespace strata::testutil {

class TestTree : public TempDir {
 public:
  TestTree() : TempDir("strata-files-test") {}
};

}  // namespace strata::testutil
