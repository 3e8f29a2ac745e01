// The inference protocol's less travelled paths: requested outputs that are
// malformed, binary output by default, mixed binary and JSON outputs in the
// order asked, and header lengths that are not sizes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "serve/protocol.h"

namespace strata::serve {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::string floats(std::initializer_list<float> v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

const char* k_input = R"({"name":"x","datatype":"FP32","shape":[1],"data":[1]})";

std::string request(const std::string& rest) {
  return std::string(R"({"inputs":[)") + k_input + "]" + rest + "}";
}

TEST(ProtocolEdges, RequestedOutputsMustBeNamedObjectsInAnArray) {
  for (const char* rest : {R"(,"outputs":{"name":"y"})", R"(,"outputs":["y"])",
                           R"(,"outputs":[{"binary_data":true}])", R"(,"outputs":[{"name":3}])"}) {
    auto r = parse_infer_request(request(rest), std::nullopt);
    EXPECT_FALSE(r) << rest;
  }
  auto ok = parse_infer_request(request(R"(,"outputs":[])"), std::nullopt);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->outputs.empty());
}

TEST(ProtocolEdges, HeaderLengthsMustBeDecimalSizes) {
  std::string body = request("");
  for (const char* bad : {"", "abc", "12x", " 5", "+5"}) {
    auto r = parse_infer_request(body, std::string(bad));
    ASSERT_FALSE(r) << bad;
    EXPECT_THAT(r.error().message, HasSubstr("Inference-Header-Content-Length")) << bad;
  }
  EXPECT_TRUE(parse_infer_request(body, std::to_string(body.size())));
}

TEST(ProtocolEdges, ANonStringIdIsLeftOutOfTheAnswer) {
  auto req = parse_infer_request(request(R"(,"id":42)"), std::nullopt);
  ASSERT_TRUE(req) << req.error().message;
  EXPECT_EQ(req->id, "");
  auto res = build_infer_response("m", "1", *req, req->inputs);
  ASSERT_TRUE(res);
  EXPECT_FALSE(json::parse(res->body).contains("id"));
}

TEST(ProtocolEdges, BinaryByDefaultSendsEveryOutputAfterTheHeader) {
  // A request parameter, as the protocol puts it; not a top-level key.
  EXPECT_FALSE(parse_infer_request(request(R"(,"binary_data_output":true)"), std::nullopt)
                   ->binary_by_default);
  auto req =
      parse_infer_request(request(R"(,"parameters":{"binary_data_output":true})"), std::nullopt);
  ASSERT_TRUE(req) << req.error().message;
  EXPECT_TRUE(req->binary_by_default);
  Tensor a{"a", DataType::k_fp32, {1}, floats({2})};
  Tensor b{"b", DataType::k_fp32, {2}, floats({3, 4})};
  auto res = build_infer_response("m", "1", *req, {a, b});
  ASSERT_TRUE(res);
  ASSERT_TRUE(res->header_length);
  json head = json::parse(res->body.substr(0, *res->header_length));
  EXPECT_EQ(head["outputs"][0]["parameters"]["binary_data_size"], 4);
  EXPECT_EQ(head["outputs"][1]["parameters"]["binary_data_size"], 8);
  EXPECT_FALSE(head["outputs"][0].contains("data"));
  EXPECT_EQ(res->body.substr(*res->header_length), a.data + b.data);
}

TEST(ProtocolEdges, OutputsComeInTheOrderAskedEachInItsOwnEncoding) {
  InferRequest req;
  req.outputs = {{"b", false}, {"a", true}};
  Tensor a{"a", DataType::k_fp32, {1}, floats({2})};
  Tensor b{"b", DataType::k_fp32, {1}, floats({5})};
  auto res = build_infer_response("m", "1", req, {a, b});
  ASSERT_TRUE(res);
  ASSERT_TRUE(res->header_length);
  json head = json::parse(res->body.substr(0, *res->header_length));
  ASSERT_EQ(head["outputs"].size(), 2u);
  EXPECT_EQ(head["outputs"][0]["name"], "b");
  EXPECT_EQ(head["outputs"][0]["data"], json::array({5.0}));
  EXPECT_EQ(head["outputs"][1]["name"], "a");
  EXPECT_EQ(res->body.substr(*res->header_length), a.data);
}

TEST(ProtocolEdges, AnUnknownRequestedOutputIsNamed) {
  InferRequest req;
  req.outputs = {{"probabilities", false}};
  auto res = build_infer_response("m", "1", req, {Tensor{"y", DataType::k_fp32, {1}, floats({1})}});
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().message, "the model has no output 'probabilities'");
}

TEST(ProtocolEdges, BoolAndInt64ValuesRoundTripThroughJson) {
  auto req = parse_infer_request(
      R"({"inputs":[{"name":"f","datatype":"BOOL","shape":[2],"data":[true,false]},)"
      R"({"name":"n","datatype":"INT64","shape":[1],"data":[9007199254740993]}]})",
      std::nullopt);
  ASSERT_TRUE(req) << req.error().message;
  auto res = build_infer_response("m", "1", *req, req->inputs);
  ASSERT_TRUE(res);
  json outs = json::parse(res->body)["outputs"];
  EXPECT_EQ(outs[0]["data"], json::array({true, false}));
  EXPECT_EQ(outs[1]["data"][0].get<int64_t>(), 9007199254740993);
}

TEST(ProtocolEdges, ABodyThatIsNotJsonSaysSo) {
  auto r = parse_infer_request("{\"inputs\": [", std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("the request is not valid JSON"));
  auto deep = parse_infer_request(std::string(300, '[') + std::string(300, ']'), std::nullopt);
  ASSERT_FALSE(deep);
  EXPECT_THAT(deep.error().message, HasSubstr("nested deeper"));
}

}  // namespace
}  // namespace strata::serve
