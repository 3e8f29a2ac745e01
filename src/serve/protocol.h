#pragma once
// The KServe v2 (Open Inference Protocol) inference request and response
// bodies, JSON and with the binary tensor extension: a body that starts
// with Inference-Header-Content-Length bytes of JSON, followed by the raw
// tensors in the order the JSON lists them. Pure text work, so hostile
// bodies are tested without sockets.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/tensor.h"
#include "util/result.h"

namespace strata::serve {

struct RequestedOutput {
  std::string name;
  bool binary = false;
};

struct InferRequest {
  std::string id;
  std::vector<Tensor> inputs;
  std::vector<RequestedOutput> outputs;  // empty: every output
  bool binary_by_default = false;        // "binary_data_output" when outputs are not listed
};

// `header_length` is the Inference-Header-Content-Length header, if sent.
// Every size is checked against the body before anything is copied.
Result<InferRequest> parse_infer_request(std::string_view body,
                                         std::optional<std::string_view> header_length);

struct InferResponse {
  std::string body;
  std::optional<size_t> header_length;  // set when binary tensors follow the JSON
};

// The response for `outputs`, filtered and encoded as `req` asked.
Result<InferResponse> build_infer_response(const std::string& model, const std::string& version,
                                           const InferRequest& req,
                                           const std::vector<Tensor>& outputs);

}  // namespace strata::serve
