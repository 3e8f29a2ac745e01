#include "http/errors.h"

#include <gtest/gtest.h>

#include "http/metrics.h"

namespace strata::http {
namespace {

TEST(StatusFor, EachKindHasItsStatus) {
  EXPECT_EQ(status_for(Error("x").kind), 400);  // the default kind
  EXPECT_EQ(status_for(ErrorKind::k_not_found), 404);
  EXPECT_EQ(status_for(ErrorKind::k_conflict), 409);
  EXPECT_EQ(status_for(ErrorKind::k_corruption), 500);
  EXPECT_EQ(status_for(ErrorKind::k_unavailable), 503);
  EXPECT_EQ(status_for(ErrorKind::k_io), 500);
  EXPECT_EQ(status_for(ErrorKind::k_internal), 500);
}

TEST(SendError, BodyShapeAndStatusFromKind) {
  Response res;
  send_error(res, Error("no collection 'x'", {}, "create it").of(ErrorKind::k_not_found));
  EXPECT_EQ(res.status, 404);
  auto j = nlohmann::json::parse(res.body);
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_EQ(j["error"]["message"], "no collection 'x'");
  EXPECT_EQ(j["error"]["hint"], "create it");
}

TEST(Metrics, RendersCountersHistogramAndGauge) {
  Metrics m;
  m.opened();
  m.record("/health", "GET", 200, 0.0002);
  m.record("/health", "GET", 200, 2.0);
  m.record("/v1/x", "POST", 404, 0.01);
  std::string text = m.render();
  EXPECT_NE(
      text.find("strata_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 2\n"),
      std::string::npos);
  EXPECT_NE(text.find("strata_http_request_duration_seconds_bucket{le=\"0.0005\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("strata_http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("strata_http_request_duration_seconds_count 3\n"), std::string::npos);
  EXPECT_NE(text.find("strata_http_open_connections 1\n"), std::string::npos);
}

}  // namespace
}  // namespace strata::http
