#include "http/message.h"

#include <gtest/gtest.h>

namespace strata::http {
namespace {

TEST(ParseHead, RequestLineAndHeaders) {
  Request req;
  auto e =
      parse_head("POST /v1/x?a=1 HTTP/1.1\r\nHost: h\r\nContent-Type:  text/plain \r\n\r\n", req);
  ASSERT_FALSE(e);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/v1/x?a=1");
  EXPECT_EQ(req.path, "/v1/x");
  EXPECT_EQ(req.header("content-type").value_or(""), "text/plain");
  EXPECT_FALSE(req.header("Accept"));
}

TEST(ParseHead, RefusesMalformedHeads) {
  Request a, b, c, d;
  EXPECT_EQ(parse_head("GET /\r\n", a)->status, 400);
  EXPECT_EQ(parse_head("GET / HTTP/2.0\r\n", b)->status, 505);
  EXPECT_EQ(parse_head("GET / HTTP/1.1\r\nNo colon here\r\n", c)->status, 400);
  EXPECT_EQ(parse_head("GET http://x/ HTTP/1.1\r\n", d)->status, 400);
}

BodyFraming framing(const std::string& head) {
  Request req;
  EXPECT_FALSE(parse_head(head, req));
  auto f = body_framing(req);
  EXPECT_TRUE(std::holds_alternative<BodyFraming>(f));
  return std::holds_alternative<BodyFraming>(f) ? std::get<BodyFraming>(f) : BodyFraming{};
}

int framing_error(const std::string& head) {
  Request req;
  EXPECT_FALSE(parse_head(head, req));
  auto f = body_framing(req);
  return std::holds_alternative<HeadError>(f) ? std::get<HeadError>(f).status : 0;
}

TEST(BodyFraming, LengthFromHeadersIncludingHugeOnes) {
  EXPECT_EQ(framing("POST / HTTP/1.1\r\nContent-Length: 12\r\n").length, 12u);
  EXPECT_EQ(framing("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n").length, 99999999999ull);
  EXPECT_EQ(framing("POST / HTTP/1.1\r\nContent-Length: 999999999999999999999999\r\n").length,
            ~0ull);
  EXPECT_TRUE(framing("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n").chunked);
}

TEST(BodyFraming, AmbiguousFramingIsRefused) {
  EXPECT_EQ(framing_error("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n"), 400);
  EXPECT_EQ(framing_error("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n"),
            400);
  EXPECT_EQ(framing_error("POST / HTTP/1.1\r\nContent-Length: -1\r\n"), 400);
  EXPECT_EQ(framing_error("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n"), 501);
}

TEST(ChunkedDecoder, DecodesAcrossArbitrarySplits) {
  std::string wire = "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nTrailer: x\r\n\r\n";
  for (size_t split = 0; split <= wire.size(); ++split) {
    ChunkedDecoder d(100);
    std::string body, buf;
    auto state = ChunkedDecoder::State::k_more;
    for (std::string_view part :
         {std::string_view(wire).substr(0, split), std::string_view(wire).substr(split)}) {
      buf += part;
      size_t used = 0;
      state = d.feed(buf, used, body);
      buf.erase(0, used);
    }
    EXPECT_EQ(state, ChunkedDecoder::State::k_done) << split;
    EXPECT_EQ(body, "Wikipedia") << split;
  }
}

TEST(ChunkedDecoder, CountsAgainstTheLimitBeforeReadingTheChunk) {
  ChunkedDecoder d(8);
  std::string body;
  size_t used = 0;
  EXPECT_EQ(d.feed("4\r\nabcd\r\n", used, body), ChunkedDecoder::State::k_more);
  EXPECT_EQ(d.feed("5\r\n", used, body), ChunkedDecoder::State::k_too_large);
  ChunkedDecoder huge(8);
  EXPECT_EQ(huge.feed("ffffffffffffffffffff\r\n", used, body), ChunkedDecoder::State::k_too_large);
  ChunkedDecoder bad(8);
  EXPECT_EQ(bad.feed("zz\r\n", used, body), ChunkedDecoder::State::k_malformed);
}

TEST(KeepAlive, FollowsVersionAndConnectionHeader) {
  Request a, b, c;
  ASSERT_FALSE(parse_head("GET / HTTP/1.1\r\n", a));
  ASSERT_FALSE(parse_head("GET / HTTP/1.1\r\nConnection: close\r\n", b));
  ASSERT_FALSE(parse_head("GET / HTTP/1.0\r\n", c));
  EXPECT_TRUE(wants_keep_alive(a));
  EXPECT_FALSE(wants_keep_alive(b));
  EXPECT_FALSE(wants_keep_alive(c));
}

Request with_target(std::string target) {
  Request req;
  req.target = std::move(target);
  return req;
}

TEST(QueryParam, DecodesPercentEscapesAndPlus) {
  auto v = query_param(with_target("/x?alias=prod%2Dx&at=2026-12-01T12%3A00%3A00Z+1"), "at");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, "2026-12-01T12:00:00Z 1");
  EXPECT_EQ(*query_param(with_target("/x?alias=prod%2dx"), "alias"), "prod-x");
  EXPECT_EQ(*query_param(with_target("/x?xalias=1&alias=2"), "alias"), "2");
  EXPECT_EQ(*query_param(with_target("/x?alias=1"), "at"), "");
  EXPECT_EQ(*query_param(with_target("/x"), "at"), "");
}

TEST(QueryParam, AMalformedEscapeIsInvalidInputNotAnException) {
  for (const char* target : {"/x?at=%zz", "/x?at=%4", "/x?at=%", "/x?at=a%g1"}) {
    auto v = query_param(with_target(target), "at");
    ASSERT_FALSE(v) << target;
    EXPECT_EQ(v.error().kind, ErrorKind::k_invalid_input) << target;
  }
  // Another parameter's bad escape does not matter.
  EXPECT_EQ(*query_param(with_target("/x?alias=%zz&at=1"), "at"), "1");
}

}  // namespace
}  // namespace strata::http
