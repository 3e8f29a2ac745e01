// A chunked body from a hostile client: every part of the framing is
// bounded, so no line the decoder waits for can grow the connection's
// buffer without limit (the size line always was; the CRLF after a chunk's
// data and the trailer lines were not), and malformed framing is refused.

#include <gtest/gtest.h>

#include <string>

#include "http/message.h"

namespace strata::http {
namespace {

using State = ChunkedDecoder::State;

// Feeds `wire` in one piece, as the server does with what it has read.
State feed_all(ChunkedDecoder& d, const std::string& wire, std::string& body) {
  size_t used = 0;
  return d.feed(wire, used, body);
}

TEST(ChunkedBody, GarbageInsteadOfTheCrlfAfterAChunkIsMalformedAtOnce) {
  ChunkedDecoder d(1 << 20);
  std::string body;
  // Without a newline the decoder used to wait for more, forever.
  EXPECT_EQ(feed_all(d, "4\r\nabcd" + std::string(4096, 'x'), body), State::k_malformed);
  ChunkedDecoder e(1 << 20);
  EXPECT_EQ(feed_all(e, "4\r\nabcdxy\r\n", body), State::k_malformed);
}

TEST(ChunkedBody, TheCrlfAfterAChunkMayArriveByteByByte) {
  ChunkedDecoder d(100);
  std::string body, buf;
  State s = State::k_more;
  for (char c : std::string("2\r\nok\r\n0\r\n\r\n")) {
    buf += c;
    size_t used = 0;
    s = d.feed(buf, used, body);
    buf.erase(0, used);
    ASSERT_NE(s, State::k_malformed) << body;
  }
  EXPECT_EQ(s, State::k_done);
  EXPECT_EQ(body, "ok");
}

TEST(ChunkedBody, AnEndlessTrailerLineIsMalformed) {
  ChunkedDecoder d(100);
  std::string body;
  EXPECT_EQ(feed_all(d, "0\r\nX-Trailer: " + std::string(4096, 'a'), body), State::k_malformed);
}

TEST(ChunkedBody, EndlessTrailerLinesAreMalformed) {
  ChunkedDecoder d(100);
  std::string body;
  std::string wire = "0\r\n";
  for (int i = 0; i < 1000; ++i) wire += "X-T: 0123456789012345678901234567890123456789\r\n";
  EXPECT_EQ(feed_all(d, wire, body), State::k_malformed);
}

TEST(ChunkedBody, AFewTrailersAreAcceptedAndIgnored) {
  ChunkedDecoder d(100);
  std::string body;
  EXPECT_EQ(feed_all(d, "3\r\nabc\r\n0\r\nA: 1\r\nB: 2\r\n\r\n", body), State::k_done);
  EXPECT_EQ(body, "abc");
}

TEST(ChunkedBody, BareNewlinesAreAcceptedAsLineEnds) {
  ChunkedDecoder d(100);
  std::string body;
  EXPECT_EQ(feed_all(d, "3\nabc\n0\n\n", body), State::k_done);
  EXPECT_EQ(body, "abc");
}

TEST(ChunkedBody, SizeLinesAreStrict) {
  for (const char* wire : {"\r\n", "-4\r\n", "0x4\r\n", "4 \r\n", "g\r\n"}) {
    ChunkedDecoder d(100);
    std::string body;
    EXPECT_EQ(feed_all(d, wire, body), State::k_malformed) << wire;
  }
  ChunkedDecoder upper(100);
  std::string body;
  EXPECT_EQ(feed_all(upper, "A\r\n0123456789\r\n0\r\n\r\n", body), State::k_done);
  EXPECT_EQ(body.size(), 10u);
}

TEST(ChunkedBody, AnEndlessSizeLineIsMalformed) {
  ChunkedDecoder d(100);
  std::string body;
  EXPECT_EQ(feed_all(d, std::string(2000, '0'), body), State::k_malformed);
}

TEST(ChunkedBody, TheLimitCountsEveryChunkTogether) {
  ChunkedDecoder d(10);
  std::string body;
  EXPECT_EQ(feed_all(d, "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", body), State::k_done);
  ChunkedDecoder over(10);
  std::string b2;
  EXPECT_EQ(feed_all(over, "5\r\n01234\r\n6\r\n", b2), State::k_too_large);
}

TEST(ChunkedBody, NothingIsReadPastTheEnd) {
  ChunkedDecoder d(100);
  std::string body;
  std::string wire = "1\r\na\r\n0\r\n\r\nGET /next HTTP/1.1\r\n";
  size_t used = 0;
  EXPECT_EQ(d.feed(wire, used, body), State::k_done);
  EXPECT_EQ(wire.substr(used), "GET /next HTTP/1.1\r\n");  // the next request stays
}

}  // namespace
}  // namespace strata::http
