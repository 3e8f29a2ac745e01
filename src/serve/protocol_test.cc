#include "serve/protocol.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>

namespace strata::serve {
namespace {

using nlohmann::json;

std::string floats(std::initializer_list<float> v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

TEST(ProtocolTest, ParsesJsonTensorsFlatOrNested) {
  auto flat = parse_infer_request(
      R"({"id":"7","inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3,4]}]})",
      std::nullopt);
  ASSERT_TRUE(flat) << flat.error().message;
  EXPECT_EQ(flat->id, "7");
  ASSERT_EQ(flat->inputs.size(), 1u);
  EXPECT_EQ(flat->inputs[0].data, floats({1, 2, 3, 4}));
  auto nested = parse_infer_request(
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[[1,2],[3,4]]}]})",
      std::nullopt);
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->inputs[0].data, flat->inputs[0].data);
}

TEST(ProtocolTest, ParsesTheBinaryExtension) {
  std::string head =
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"parameters":{"binary_data_size":8}}],)"
      R"("outputs":[{"name":"y","parameters":{"binary_data":true}}]})";
  std::string body = head + floats({5, 6});
  auto req = parse_infer_request(body, std::to_string(head.size()));
  ASSERT_TRUE(req) << req.error().message;
  EXPECT_EQ(req->inputs[0].data, floats({5, 6}));
  ASSERT_EQ(req->outputs.size(), 1u);
  EXPECT_TRUE(req->outputs[0].binary);
}

TEST(ProtocolTest, RefusesSizesThatDoNotMatch) {
  const char* bad[] = {
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3]}]})",
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[1,2,3]}]})",
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[-1],"data":[1]}]})",
      R"({"inputs":[{"name":"x","datatype":"FP16","shape":[1],"data":[1]}]})",
      R"({"inputs":[{"name":"x","datatype":"INT32","shape":[1],"data":["a"]}]})",
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[4294967296,4294967296,4294967296],"data":[]}]})",
      R"({"inputs":[]})",
      R"([1,2])",
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[1]}]})",
  };
  for (const char* body : bad) EXPECT_FALSE(parse_infer_request(body, std::nullopt)) << body;
}

TEST(ProtocolTest, RefusesBinarySizesBeyondTheBody) {
  std::string head =
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"parameters":{"binary_data_size":8}}]})";
  EXPECT_FALSE(parse_infer_request(head + floats({1}), std::to_string(head.size())));  // too short
  EXPECT_FALSE(parse_infer_request(head + floats({1, 2, 3}),
                                   std::to_string(head.size())));  // bytes left over
  EXPECT_FALSE(
      parse_infer_request(head + floats({1, 2}), std::string("99999999")));  // header past the body
  EXPECT_FALSE(parse_infer_request(head + floats({1, 2}), std::string("-1")));
  EXPECT_FALSE(
      parse_infer_request(head + floats({1, 2}), std::nullopt));  // binary without the header
  // The declared size must match the shape too.
  std::string wrong =
      R"({"inputs":[{"name":"x","datatype":"FP32","shape":[1,3],"parameters":{"binary_data_size":8}}]})";
  EXPECT_FALSE(parse_infer_request(wrong + floats({1, 2}), std::to_string(wrong.size())));
}

TEST(ProtocolTest, BuildsJsonAndBinaryResponses) {
  Tensor y{"y", DataType::k_fp32, {1, 2}, floats({0.5f, 1.5f})};
  InferRequest json_req;
  json_req.id = "a";
  auto r = build_infer_response("m", "3", json_req, {y});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->header_length);
  auto j = json::parse(r->body);
  EXPECT_EQ(j["model_version"], "3");
  EXPECT_EQ(j["id"], "a");
  EXPECT_EQ(j["outputs"][0]["data"], json::parse("[0.5, 1.5]"));

  InferRequest bin_req;
  bin_req.outputs = {{"y", true}};
  auto b = build_infer_response("m", "3", bin_req, {y});
  ASSERT_TRUE(b);
  ASSERT_TRUE(b->header_length);
  auto head = json::parse(b->body.substr(0, *b->header_length));
  EXPECT_EQ(head["outputs"][0]["parameters"]["binary_data_size"], 8);
  EXPECT_EQ(b->body.substr(*b->header_length), y.data);

  InferRequest unknown;
  unknown.outputs = {{"z", false}};
  EXPECT_FALSE(build_infer_response("m", "3", unknown, {y}));
}

TEST(ProtocolTest, BytesRoundTripThroughJson) {
  auto req = parse_infer_request(
      R"({"inputs":[{"name":"s","datatype":"BYTES","shape":[2],"data":["hi",""]}]})", std::nullopt);
  ASSERT_TRUE(req) << req.error().message;
  auto r = build_infer_response("m", "1", *req, req->inputs);
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)["outputs"][0]["data"], json::parse(R"(["hi",""])"));
}

json one_input(const char* datatype, const json& data) {
  return {{"inputs",
           {{{"name", "x"}, {"datatype", datatype}, {"shape", {data.size()}}, {"data", data}}}}};
}

// Integers are stored in the tensor's width: a value that does not fit
// used to wrap silently (UINT8 300 reached the model as 44).
TEST(ProtocolTest, IntegersOutsideTheirDatatypeAreRefused) {
  struct Case {
    const char* datatype;
    json value;
  };
  for (const auto& c :
       {Case{"UINT8", 256}, Case{"UINT8", -1}, Case{"INT8", 128}, Case{"INT8", -129},
        Case{"INT16", 32768}, Case{"INT16", -32769}, Case{"INT32", 2147483648LL},
        Case{"INT32", -2147483649LL}, Case{"INT64", 18446744073709551615ULL}}) {
    auto r = parse_infer_request(one_input(c.datatype, {c.value}).dump(), std::nullopt);
    ASSERT_FALSE(r) << c.datatype << " " << c.value;
    EXPECT_EQ(r.error().message,
              fmt::format("input 'x': {} is out of range for {}", c.value.dump(), c.datatype));
  }
}

TEST(ProtocolTest, IntegersAtTheirDatatypesBoundsAreKept) {
  auto u8 = parse_infer_request(one_input("UINT8", {0, 255}).dump(), std::nullopt);
  ASSERT_TRUE(u8) << u8.error().message;
  EXPECT_EQ(u8->inputs[0].data, std::string("\x00\xff", 2));
  auto i8 = parse_infer_request(one_input("INT8", {-128, 127}).dump(), std::nullopt);
  ASSERT_TRUE(i8) << i8.error().message;
  EXPECT_EQ(i8->inputs[0].data, std::string("\x80\x7f", 2));
  for (const char* t : {"INT16", "INT32", "INT64"}) {
    json bounds = std::string(t) == "INT16"   ? json{-32768, 32767}
                  : std::string(t) == "INT32" ? json{-2147483648LL, 2147483647LL}
                                              : json{INT64_MIN, INT64_MAX};
    auto r = parse_infer_request(one_input(t, bounds).dump(), std::nullopt);
    ASSERT_TRUE(r) << t << ": " << r.error().message;
    // Through the response's JSON and back: the same numbers.
    Tensor out = r->inputs[0];
    out.name = "y";
    auto built = build_infer_response("m", "1", *r, {out});
    ASSERT_TRUE(built);
    EXPECT_EQ(json::parse(built->body)["outputs"][0]["data"], bounds) << t;
  }
}

}  // namespace
}  // namespace strata::serve
