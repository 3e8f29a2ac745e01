// Fuzzes what the HTTP server reads from a socket before any handler runs:
// the request head (request line, headers), the body framing decided from
// the headers, and a chunked body decoded as it arrives in pieces. Any
// input must end as a request or a 4xx/5xx HeadError, never a fault,
// undefined behaviour or a body past the limit.

#include <algorithm>
#include <cstdlib>
#include <string>
#include <variant>

#include "fuzz/fuzz_input.h"
#include "http/message.h"

namespace {

using namespace strata::http;

constexpr size_t k_max_body = 4096;

void check_error(const HeadError& e) {
  if (e.status < 400 || e.status > 599) std::abort();
}

// Feeds the body in pieces whose sizes come from the input itself, as
// reads from a socket would split it.
void decode_chunked(std::string_view body, uint8_t step) {
  ChunkedDecoder decoder(k_max_body);
  std::string out;
  size_t piece = (step % 7) + 1;
  while (!body.empty()) {
    size_t used = 0;
    std::string_view in = body.substr(0, piece);
    auto state = decoder.feed(in, used, out);
    if (used > in.size() || out.size() > k_max_body) std::abort();
    if (state != ChunkedDecoder::State::k_more) return;
    if (used == 0 && in.size() == body.size()) return;  // the input ends mid-body
    if (used == 0) piece *= 2;                          // more bytes are needed to progress
    body.remove_prefix(used);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = strata::fuzz::as_view(data, size);
  uint8_t step = input.empty() ? 0 : static_cast<uint8_t>(input[0]);
  size_t end = input.find("\r\n\r\n");
  std::string_view head = input.substr(0, end == std::string_view::npos ? input.size() : end + 4);
  std::string_view body =
      end == std::string_view::npos ? std::string_view() : input.substr(end + 4);
  Request req;
  if (auto e = parse_head(head, req)) {
    check_error(*e);
    return 0;
  }
  (void)wants_keep_alive(req);
  (void)req.header("content-type");
  auto framing = body_framing(req);
  if (auto* e = std::get_if<HeadError>(&framing)) {
    check_error(*e);
    return 0;
  }
  if (std::get<BodyFraming>(framing).chunked) decode_chunked(body, step);
  return 0;
}
