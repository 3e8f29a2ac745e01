#include "serve/tensor.h"

#include <gtest/gtest.h>

#include <cstring>

namespace strata::serve {
namespace {

std::string floats(std::initializer_list<float> v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

std::string bytes_elements(std::initializer_list<std::string> v) {
  std::string s;
  for (const auto& e : v) {
    uint32_t n = static_cast<uint32_t>(e.size());
    s.append(reinterpret_cast<const char*>(&n), 4);
    s += e;
  }
  return s;
}

TEST(TensorTest, SizeMustMatchShapeAndDatatype) {
  Tensor t{"x", DataType::k_fp32, {2, 2}, floats({1, 2, 3, 4})};
  EXPECT_TRUE(check_tensor_size(t));
  t.shape = {2, 3};
  EXPECT_FALSE(check_tensor_size(t));
  t.shape = {-1, 4};
  EXPECT_FALSE(check_tensor_size(t));
  // A product that overflows is refused, not wrapped around to match.
  t.shape = {INT64_MAX, INT64_MAX, 4};
  EXPECT_FALSE(check_tensor_size(t));
}

TEST(TensorTest, BytesElementsAreLengthPrefixed) {
  Tensor t{"s", DataType::k_bytes, {2}, bytes_elements({"ab", ""})};
  EXPECT_TRUE(check_tensor_size(t));
  t.data += "junk";
  EXPECT_FALSE(check_tensor_size(t));
  EXPECT_FALSE(bytes_element_offsets(std::string("\xff\x00\x00\x00", 4)));
}

TEST(TensorTest, ConcatAndSliceRoundTrip) {
  Tensor a{"x", DataType::k_fp32, {1, 2}, floats({1, 2})};
  Tensor b{"x", DataType::k_fp32, {2, 2}, floats({3, 4, 5, 6})};
  auto joined = concat_rows({&a, &b});
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->shape, (std::vector<int64_t>{3, 2}));
  auto back = slice_rows(*joined, 1, 2);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->data, b.data);
  EXPECT_EQ(back->shape, b.shape);
  Tensor c{"x", DataType::k_fp32, {1, 3}, floats({1, 2, 3})};
  EXPECT_FALSE(concat_rows({&a, &c}));
}

TEST(TensorTest, SlicesBytesByElement) {
  Tensor t{"s", DataType::k_bytes, {3}, bytes_elements({"a", "bcd", "ef"})};
  auto mid = slice_rows(t, 1, 2);
  ASSERT_TRUE(mid);
  EXPECT_EQ(mid->data, bytes_elements({"bcd", "ef"}));
  EXPECT_FALSE(slice_rows(t, 2, 2));
}

TEST(TensorTest, DatatypeNames) {
  EXPECT_EQ(parse_datatype("FP64"), DataType::k_fp64);
  EXPECT_FALSE(parse_datatype("FP16"));
  EXPECT_STREQ(datatype_name(DataType::k_int64), "INT64");
  EXPECT_EQ(element_size(DataType::k_int32), 4u);
}

}  // namespace
}  // namespace strata::serve
