// Tensors at the edges the batcher and the protocol reach: shapes with
// zero or negative dimensions, BYTES joined and split, messages naming the
// tensor and its role, and joins that must be refused.

#include <gtest/gtest.h>

#include <cstring>

#include "serve/tensor.h"

namespace strata::serve {
namespace {

std::string int32s(std::initializer_list<int32_t> v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

std::string strings(std::initializer_list<std::string> v) {
  std::string s;
  for (const auto& e : v) {
    uint32_t n = static_cast<uint32_t>(e.size());
    s.append(reinterpret_cast<const char*>(&n), 4);
    s += e;
  }
  return s;
}

TEST(TensorRows, ElementCountOfScalarsZerosAndNegatives) {
  EXPECT_EQ((Tensor{"s", DataType::k_fp32, {}, {}}.element_count()), 1u);
  EXPECT_EQ((Tensor{"z", DataType::k_fp32, {0, 1000000}, {}}.element_count()), 0u);
  // A zero does not hide a negative dimension after it.
  EXPECT_FALSE((Tensor{"n", DataType::k_fp32, {0, -1}, {}}.element_count()));
  EXPECT_EQ((Tensor{"r", DataType::k_fp32, {}, {}}.rows()), 1);
  EXPECT_EQ((Tensor{"r", DataType::k_fp32, {7, 2}, {}}.rows()), 7);
}

TEST(TensorRows, AnEmptyBatchHasNoData) {
  EXPECT_TRUE(check_tensor_size(Tensor{"e", DataType::k_int64, {0, 3}, {}}));
  EXPECT_TRUE(check_tensor_size(Tensor{"e", DataType::k_bytes, {0}, {}}));
}

TEST(TensorRows, SizeErrorsNameTheRoleTheTensorAndTheBytes) {
  Status s = check_tensor_size(Tensor{"logits", DataType::k_int32, {2}, int32s({1})}, "output");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message,
            "output 'logits' has 4 bytes of data, but its shape and datatype need 8");
  Status shape = check_tensor_size(Tensor{"x", DataType::k_int32, {-2}, {}});
  ASSERT_FALSE(shape);
  EXPECT_EQ(shape.error().message, "input 'x' has an invalid shape");
  Status bytes = check_tensor_size(Tensor{"t", DataType::k_bytes, {3}, strings({"a", "b"})});
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("does not hold 3 length-prefixed elements"),
            std::string::npos);
}

TEST(TensorRows, ByteOffsetsOfEmptyAndTruncatedData) {
  auto none = bytes_element_offsets("");
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, std::vector<size_t>{0});
  auto two = bytes_element_offsets(strings({"ab", ""}));
  ASSERT_TRUE(two);
  EXPECT_EQ(*two, (std::vector<size_t>{0, 6, 10}));
  EXPECT_FALSE(bytes_element_offsets(std::string("\x01\x00\x00", 3)));  // a short prefix
  std::string one = strings({"abc"});
  EXPECT_FALSE(bytes_element_offsets(one.substr(0, one.size() - 1)));  // a short element
}

TEST(TensorRows, BytesJoinAndSplitByRowsOfSeveralElements) {
  Tensor a{"t", DataType::k_bytes, {1, 2}, strings({"a", "bb"})};
  Tensor b{"t", DataType::k_bytes, {2, 2}, strings({"c", "", "ddd", "e"})};
  auto joined = concat_rows({&a, &b});
  ASSERT_TRUE(joined) << joined.error().message;
  EXPECT_EQ(joined->shape, (std::vector<int64_t>{3, 2}));
  EXPECT_TRUE(check_tensor_size(*joined));
  auto last = slice_rows(*joined, 2, 1);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->data, strings({"ddd", "e"}));
  auto first = slice_rows(*joined, 0, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->data, a.data);
}

TEST(TensorRows, JoinsOfDifferentKindsAreRefused) {
  Tensor f{"x", DataType::k_fp32, {1, 2}, std::string(8, '\0')};
  Tensor i{"x", DataType::k_int32, {1, 2}, int32s({1, 2})};
  EXPECT_FALSE(concat_rows({&f, &i}));  // datatypes differ
  Tensor scalar{"x", DataType::k_fp32, {}, std::string(4, '\0')};
  Tensor scalar2 = scalar;
  EXPECT_FALSE(concat_rows({&scalar, &scalar2}));  // no batch dimension
  Tensor rank3{"x", DataType::k_fp32, {1, 2, 1}, std::string(8, '\0')};
  auto e = concat_rows({&f, &rank3});
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("cannot batch 'x'"), std::string::npos);
  EXPECT_EQ(concat_rows({}).error().kind, ErrorKind::k_internal);
  auto alone = concat_rows({&scalar});
  ASSERT_TRUE(alone);  // one part needs no joining
  EXPECT_EQ(alone->data, scalar.data);
}

TEST(TensorRows, SlicesOutsideTheRowsAreInternalErrors) {
  Tensor t{"y", DataType::k_int32, {2, 1}, int32s({1, 2})};
  for (auto [begin, count] : {std::pair<int64_t, int64_t>{-1, 1}, {0, -1}, {1, 2}, {3, 0}}) {
    auto s = slice_rows(t, begin, count);
    ASSERT_FALSE(s) << begin << "+" << count;
    EXPECT_EQ(s.error().kind, ErrorKind::k_internal);
  }
  auto empty = slice_rows(t, 2, 0);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->shape, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(empty->data, "");
  Tensor short_data{"y", DataType::k_int32, {2, 1}, int32s({1})};
  EXPECT_FALSE(slice_rows(short_data, 1, 1));
  EXPECT_FALSE(slice_rows(Tensor{"s", DataType::k_int32, {}, int32s({1})}, 0, 1));
}

TEST(TensorRows, DatatypeTableIsConsistent) {
  for (const char* name :
       {"BOOL", "UINT8", "INT8", "INT16", "INT32", "INT64", "FP32", "FP64", "BYTES"}) {
    auto t = parse_datatype(name);
    ASSERT_TRUE(t) << name;
    EXPECT_STREQ(datatype_name(*t), name);
  }
  for (const char* name : {"fp32", "FP16", "BF16", "UINT64", ""})
    EXPECT_FALSE(parse_datatype(name));
  EXPECT_EQ(element_size(DataType::k_bool), 1u);
  EXPECT_EQ(element_size(DataType::k_fp64), 8u);
  EXPECT_EQ(element_size(DataType::k_bytes), 0u);
}

}  // namespace
}  // namespace strata::serve
