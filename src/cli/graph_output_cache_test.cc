#include "cli/graph_output_cache.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::cli {
namespace {

const Digest k_key{0x1111, 0x2222};

TEST(GraphOutputCache, RoundTripsTheTextForItsKey) {
  std::string text = "projects 2\napi -> lib\n";
  auto back = decode_graph_output(encode_graph_output(k_key, text), k_key);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, text);
  EXPECT_EQ(decode_graph_output(encode_graph_output(k_key, ""), k_key), std::string());
}

TEST(GraphOutputCache, AnotherKeyOrDamageReadsAsAbsent) {
  std::string data = encode_graph_output(k_key, "projects 1\napi\n");
  EXPECT_FALSE(decode_graph_output(data, Digest{1, 2}).has_value());
  for (size_t i = 0; i < data.size(); ++i) {
    std::string damaged = data;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x01);
    EXPECT_FALSE(decode_graph_output(damaged, k_key).has_value()) << "byte " << i;
  }
  EXPECT_FALSE(decode_graph_output(data.substr(0, data.size() - 1), k_key).has_value());
  EXPECT_FALSE(decode_graph_output("", k_key).has_value());
}

TEST(GraphOutputCache, StoresUnderDotStrataAndLoadsBack) {
  testutil::TempDir dir;
  EXPECT_FALSE(load_graph_output(dir.root(), k_key).has_value());
  store_graph_output(dir.root(), k_key, "projects 0\n");
  EXPECT_TRUE(dir.exists(".strata/graph-output"));
  EXPECT_EQ(load_graph_output(dir.root(), k_key), std::string("projects 0\n"));
  EXPECT_FALSE(load_graph_output(dir.root(), Digest{9, 9}).has_value());
}

}  // namespace
}  // namespace strata::cli
