// Tensors at their edges: empty and scalar shapes, BYTES rows of several
// elements, joins that must be refused, and the messages that name the
// tensor and the sizes involved.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "serve/tensor.h"

namespace strata::serve {
namespace {

using ::testing::HasSubstr;

std::string int32s(std::initializer_list<int32_t> v) {
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

TEST(TensorEdges, ElementCountsOfScalarsEmptyAndZeroShapes) {
  EXPECT_EQ((Tensor{"x", DataType::k_int32, {}, {}}.element_count()), 1u);
  EXPECT_EQ((Tensor{"x", DataType::k_int32, {0, 5}, {}}.element_count()), 0u);
  EXPECT_EQ((Tensor{"x", DataType::k_int32, {3, 0}, {}}.element_count()), 0u);
  EXPECT_FALSE((Tensor{"x", DataType::k_int32, {2, -1}, {}}.element_count()));
  EXPECT_EQ((Tensor{"x", DataType::k_int32, {}, {}}.rows()), 1);
}

TEST(TensorEdges, SizeErrorsNameTheRoleTheTensorAndBothSizes) {
  Tensor t{"logits", DataType::k_int32, {2}, int32s({1})};
  auto st = check_tensor_size(t, "output");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message,
            "output 'logits' has 4 bytes of data, but its shape and datatype need 8");
  Tensor s{"text", DataType::k_bytes, {3}, bytes_elements({"a", "b"})};
  auto bytes = check_tensor_size(s);
  ASSERT_FALSE(bytes);
  EXPECT_THAT(bytes.error().message, HasSubstr("input 'text'"));
  EXPECT_THAT(bytes.error().message, HasSubstr("hold 3 length-prefixed elements"));
}

TEST(TensorEdges, EmptyBytesDataHoldsNoElements) {
  auto offsets = bytes_element_offsets("");
  ASSERT_TRUE(offsets);
  EXPECT_EQ(*offsets, std::vector<size_t>{0});
  EXPECT_TRUE(check_tensor_size(Tensor{"s", DataType::k_bytes, {0}, ""}));
  EXPECT_FALSE(bytes_element_offsets(std::string("\x01\x00\x00", 3))) << "a cut length prefix";
  EXPECT_EQ(*bytes_element_offsets(bytes_elements({"", "xy"})), (std::vector<size_t>{0, 4, 10}));
}

TEST(TensorEdges, BytesRowsOfSeveralElementsSliceWhole) {
  Tensor t{"s", DataType::k_bytes, {3, 2}, bytes_elements({"a", "b", "cc", "d", "e", "ff"})};
  ASSERT_TRUE(check_tensor_size(t));
  auto row = slice_rows(t, 1, 1);
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->shape, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(row->data, bytes_elements({"cc", "d"}));
  auto none = slice_rows(t, 3, 0);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(none->data, "");
  EXPECT_EQ(none->shape, (std::vector<int64_t>{0, 2}));
}

TEST(TensorEdges, SlicesOutsideTheRowsAreRefused) {
  Tensor t{"y", DataType::k_int32, {2}, int32s({1, 2})};
  EXPECT_FALSE(slice_rows(t, -1, 1));
  EXPECT_FALSE(slice_rows(t, 0, -1));
  EXPECT_FALSE(slice_rows(t, 1, 2));
  auto scalar = slice_rows(Tensor{"y", DataType::k_int32, {}, int32s({1})}, 0, 1);
  ASSERT_FALSE(scalar);
  EXPECT_EQ(scalar.error().kind, ErrorKind::k_internal);
  Tensor short_data{"y", DataType::k_int32, {3}, int32s({1, 2})};
  EXPECT_FALSE(slice_rows(short_data, 2, 1));
}

TEST(TensorEdges, JoinsNeedOneDatatypeAndRank) {
  Tensor a{"x", DataType::k_int32, {1, 2}, int32s({1, 2})};
  Tensor other_type{"x", DataType::k_fp32, {1, 2}, int32s({3, 4})};
  Tensor other_rank{"x", DataType::k_int32, {2}, int32s({3, 4})};
  Tensor scalar{"x", DataType::k_int32, {}, int32s({5})};
  for (const Tensor* b : {&other_type, &other_rank}) {
    auto r = concat_rows({&a, b});
    ASSERT_FALSE(r);
    EXPECT_THAT(r.error().message, HasSubstr("cannot batch 'x'"));
  }
  EXPECT_FALSE(concat_rows({&scalar, &scalar}));
  EXPECT_EQ(concat_rows({}).error().kind, ErrorKind::k_internal);
  auto one = concat_rows({&a});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->data, a.data);
}

TEST(TensorEdges, JoinedBytesSliceBackIntoTheirParts) {
  Tensor a{"s", DataType::k_bytes, {1}, bytes_elements({"hello"})};
  Tensor b{"s", DataType::k_bytes, {2}, bytes_elements({"", "world"})};
  auto joined = concat_rows({&a, &b});
  ASSERT_TRUE(joined);
  ASSERT_TRUE(check_tensor_size(*joined));
  EXPECT_EQ(slice_rows(*joined, 0, 1)->data, a.data);
  EXPECT_EQ(slice_rows(*joined, 1, 2)->data, b.data);
}

TEST(TensorEdges, EveryServedDatatypeHasANameAndSize) {
  for (const char* name : {"BOOL", "UINT8", "INT8", "INT16", "INT32", "INT64", "FP32", "FP64"}) {
    auto t = parse_datatype(name);
    ASSERT_TRUE(t) << name;
    EXPECT_STREQ(datatype_name(*t), name);
    EXPECT_GT(element_size(*t), 0u) << name;
  }
  EXPECT_EQ(element_size(DataType::k_int64), 8u);
  EXPECT_EQ(element_size(DataType::k_bytes), 0u);
  for (const char* name : {"fp32", "BF16", "UINT16", "UINT64", ""})
    EXPECT_FALSE(parse_datatype(name)) << name;
}

}  // namespace
}  // namespace strata::serve
