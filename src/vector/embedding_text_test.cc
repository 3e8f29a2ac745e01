// The embedding fast path: whenever it answers, the numbers are the floats
// nlohmann's parser and get<float>() give, bit for bit, and the rest parses
// to the same JSON with the array replaced by null; every other shape is
// left to the full parser (nullopt).

#include "vector/embedding_text.h"

#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace strata::vec {
namespace {

using json = nlohmann::json;

uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

// What the full parser makes of `line`.
void expect_same_as_the_parser(const std::string& line) {
  auto split = split_embedding(line);
  ASSERT_TRUE(split) << line;
  json whole = json::parse(line);
  std::vector<float> want;
  for (const auto& x : whole["embedding"]) want.push_back(x.get<float>());
  ASSERT_EQ(split->embedding.size(), want.size()) << line;
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(bits(split->embedding[i]), bits(want[i])) << line << " [" << i << "]";
  whole["embedding"] = nullptr;
  EXPECT_EQ(json::parse(split->rest), whole) << split->rest;
}

TEST(EmbeddingText, NumbersConvertAsTheJsonParserConvertsThem) {
  expect_same_as_the_parser(R"({"embedding": [0, -0, 1, -7, 255, 16777217, 123456789012345678]})");
  expect_same_as_the_parser(
      R"({"embedding":[0.1,-0.0,1e3,1E+2,2.5e-3,-1.5E-7,3.4028234e38,1e-45,0.30000000000000004]})");
  expect_same_as_the_parser(R"({"embedding": []})");
  expect_same_as_the_parser("{ \"id\" : 4 ,\n \"embedding\" :\t[ 1 ,2\r\n, 3 ] , \"k\": 5 }");
  std::mt19937 rng(8);
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  std::string line = R"({"id": "q1", "embedding": [)";
  for (int i = 0; i < 784; ++i) {
    if (i) line += ", ";
    char buf[64];
    double v = u(rng);
    if (i % 3 == 0)
      std::snprintf(buf, sizeof buf, "%d", static_cast<int>(v));
    else
      std::snprintf(buf, sizeof buf, i % 3 == 1 ? "%.17g" : "%.6e", v);
    line += buf;
  }
  line += R"(], "where": {"label": 3}})";
  expect_same_as_the_parser(line);
}

TEST(EmbeddingText, OnlyTheTopLevelKeyIsTheEmbedding) {
  // The key inside a string, as a value, and nested in "where".
  expect_same_as_the_parser(
      R"({"id": "\"embedding\": [9]", "note": "embedding", "where": {"embedding": [5]}, )"
      R"("embedding": [1, 2]})");
  expect_same_as_the_parser(R"({"x": ["embedding", {"embedding": [3]}], "embedding": [4]})");
  auto s = split_embedding(R"({"a": "\\", "embedding": [1]})");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rest, R"({"a": "\\", "embedding": null})");
}

TEST(EmbeddingText, EveryOtherShapeIsLeftToTheParser) {
  for (const char* line : {
           "[1, 2, 3]",                                   // a bare array
           R"({"k": 3})",                                 // no embedding
           R"({"embedding": "1, 2"})",                    // not an array
           R"({"embedding": [1, true]})",                 // not a number
           R"({"embedding": [1, null]})",                 //
           R"({"embedding": [1, "2"]})",                  //
           R"({"embedding": [[1], 2]})",                  //
           R"({"embedding": [01]})",                      // not JSON numbers
           R"({"embedding": [1.]})",                      //
           R"({"embedding": [.5]})",                      //
           R"({"embedding": [+1]})",                      //
           R"({"embedding": [1e]})",                      //
           R"({"embedding": [NaN]})",                     //
           R"({"embedding": [Infinity]})",                //
           R"({"embedding": [-]})",                       //
           R"({"embedding": [1,]})",                      //
           R"({"embedding": [1 2]})",                     //
           R"({"embedding": [1)",                         // unterminated
           R"({"embedding": [1], "embedding": [2]})",     // twice
           R"({"embedding": [1e999]})",                   // out of range
           R"({"embedding": [1234567890123456789012]})",  // beyond int64
           R"({"a": "unterminated)",                      //
       })
    EXPECT_FALSE(split_embedding(line)) << line;
}

}  // namespace
}  // namespace strata::vec
