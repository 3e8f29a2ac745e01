#pragma once
// The generator tests' scratch directory: util's TempDir.

#include "util/temp_dir.h"

namespace strata::gen::testing {

class ScratchDir : public testutil::TempDir {
 public:
  ScratchDir() : TempDir("strata-gen-test") {}
};

}  // namespace strata::gen::testing
