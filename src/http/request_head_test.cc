// Request heads at the edges: what parse_head takes as it is, what it
// refuses and with which status, header lookup, and the reason phrases the
// server writes.

#include <gtest/gtest.h>

#include <string>

#include "http/message.h"

namespace strata::http {
namespace {

int refused(const std::string& head) {
  Request req;
  auto e = parse_head(head, req);
  return e ? e->status : 0;
}

TEST(RequestHead, SpacesInTheRequestLineMustBeExactlyTwo) {
  EXPECT_EQ(refused("GET  / HTTP/1.1\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/1.1 \r\n"), 400);
  EXPECT_EQ(refused("GET /a b HTTP/1.1\r\n"), 400);
  EXPECT_EQ(refused(""), 400);
}

TEST(RequestHead, TheMethodIsATokenAndTheVersionOneOfTwo) {
  EXPECT_EQ(refused("G(T / HTTP/1.1\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/1.2\r\n"), 505);
  EXPECT_EQ(refused("GET / http/1.1\r\n"), 505);
  EXPECT_EQ(refused("PURGE / HTTP/1.0\r\n"), 0);  // unknown methods are routing's business
  EXPECT_EQ(refused("GET * HTTP/1.1\r\n"), 400);
}

TEST(RequestHead, HeaderNamesMustBeTokensWithNothingBeforeTheColon) {
  // Whitespace before the colon and folded lines are how headers get
  // smuggled past a proxy; both are refused.
  EXPECT_EQ(refused("GET / HTTP/1.1\r\nHost : x\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/1.1\r\n: x\r\n"), 400);
  EXPECT_EQ(refused("GET / HTTP/1.1\r\nX-Empty:\r\n"), 0);
}

TEST(RequestHead, ValuesAreTrimmedAndTheFirstOfARepeatedHeaderIsFound) {
  Request req;
  ASSERT_FALSE(parse_head("GET /p?q=1 HTTP/1.0\nA:\t one \t\nA: two\nX-Empty:\n\nignored", req));
  EXPECT_EQ(req.version, "HTTP/1.0");
  EXPECT_EQ(req.path, "/p");
  ASSERT_EQ(req.headers.size(), 3u);
  EXPECT_EQ(req.header("a").value_or("?"), "one");
  EXPECT_EQ(req.header("X-EMPTY").value_or("?"), "");
}

TEST(RequestHead, ATargetWithOnlyAQueryKeepsAnEmptyPathQuery) {
  Request req;
  ASSERT_FALSE(parse_head("GET /?a=1&b=2 HTTP/1.1\r\n", req));
  EXPECT_EQ(req.path, "/");
  EXPECT_EQ(*query_param(req, "b"), "2");
  EXPECT_EQ(*query_param(req, "a"), "1");
}

TEST(RequestHead, KeepAliveOnHttp10OnlyWhenAskedAnyCase) {
  Request req;
  ASSERT_FALSE(parse_head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n", req));
  EXPECT_TRUE(wants_keep_alive(req));
  Request close;
  ASSERT_FALSE(parse_head("GET / HTTP/1.1\r\nconnection: CLOSE\r\n", close));
  EXPECT_FALSE(wants_keep_alive(close));
}

TEST(RequestHead, IequalsComparesAsciiCaseOnly) {
  EXPECT_TRUE(iequals("Content-Length", "content-length"));
  EXPECT_FALSE(iequals("Content-Length", "Content-Length2"));
  EXPECT_FALSE(iequals("a", ""));
  EXPECT_TRUE(iequals("", ""));
}

TEST(RequestHead, FramingDefaultsToNoBodyAndRepeatsOfOneLengthAreFine) {
  Request none;
  ASSERT_FALSE(parse_head("GET / HTTP/1.1\r\n", none));
  auto f = body_framing(none);
  ASSERT_TRUE(std::holds_alternative<BodyFraming>(f));
  EXPECT_EQ(std::get<BodyFraming>(f).length, 0u);
  EXPECT_FALSE(std::get<BodyFraming>(f).chunked);
  Request twice;
  ASSERT_FALSE(parse_head("POST / HTTP/1.1\r\nContent-Length: 3\r\ncontent-length: 3\r\n", twice));
  auto g = body_framing(twice);
  ASSERT_TRUE(std::holds_alternative<BodyFraming>(g));
  EXPECT_EQ(std::get<BodyFraming>(g).length, 3u);
  for (const char* bad : {"1, 1", "+1", "", "0x10", "1e3"}) {
    Request r;
    ASSERT_FALSE(parse_head(std::string("POST / HTTP/1.1\r\nContent-Length: ") + bad + "\r\n", r));
    auto h = body_framing(r);
    ASSERT_TRUE(std::holds_alternative<HeadError>(h)) << bad;
    EXPECT_EQ(std::get<HeadError>(h).status, 400) << bad;
  }
  Request te;
  ASSERT_FALSE(parse_head("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n", te));
  auto t = body_framing(te);
  ASSERT_TRUE(std::holds_alternative<HeadError>(t));
  EXPECT_EQ(std::get<HeadError>(t).status, 501);
}

TEST(ReasonPhrase, KnownAndUnknownCodes) {
  EXPECT_EQ(reason_phrase(200), "OK");
  EXPECT_EQ(reason_phrase(413), "Payload Too Large");
  EXPECT_EQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(reason_phrase(503), "Service Unavailable");
  EXPECT_EQ(reason_phrase(299), "Unknown");
}

}  // namespace
}  // namespace strata::http
