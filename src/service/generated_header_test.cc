#include "service/generated_header.h"

#include <gtest/gtest.h>

#include "gen/scratch_dir.h"

namespace strata::service {
namespace {

TEST(GeneratedHeader, RoundTripsItsInputsAndHash) {
  std::string h = generated_header("#", "abc", {"a/dtos.py", "a/port.py"});
  EXPECT_EQ(h, "# strata:generated v1 inputs=abc from=a/dtos.py,a/port.py\n");
  auto p = parse_generated_header(h + "rest\n");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hash, "abc");
  EXPECT_EQ(p->inputs, (std::vector<std::string>{"a/dtos.py", "a/port.py"}));
  EXPECT_FALSE(parse_generated_header("# an ordinary comment\n"));
}

TEST(GeneratedHeader, TellsAStaleFileFromACurrentOne) {
  gen::testing::ScratchDir d;
  d.write("api/dtos.py", "class A: ...\n");
  std::vector<std::string> in = {"api/dtos.py"};
  std::string text = generated_header("//", inputs_hash(d.root(), in), in) + "code\n";
  EXPECT_TRUE(generated_file_is_current(d.root(), text));
  d.write("api/dtos.py", "class A:\n    x: int\n");
  EXPECT_FALSE(generated_file_is_current(d.root(), text));
}

TEST(GeneratedHeader, HashesAsTheGeneratedPythonCheckDoes) {
  // hashlib.sha256(b"f\n3\nabc").hexdigest(), what freshness.py computes.
  gen::testing::ScratchDir d;
  d.write("f", "abc");
  EXPECT_EQ(inputs_hash(d.root(), {"f"}), sha256_hex("f\n3\nabc"));
  EXPECT_EQ(sha256_hex("f\n3\nabc"),
            "f5d7b3cbb96793e00906a757f45d6bf984a8134b6c7be571d76f78a49b97126f");
}

}  // namespace
}  // namespace strata::service
