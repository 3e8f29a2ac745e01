#include "serve/protocol.h"

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

}  // namespace
}  // namespace strata::serve
