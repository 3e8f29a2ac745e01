#include "http/metrics.h"

#include <gtest/gtest.h>

namespace strata::http {
namespace {

TEST(MetricsTest, SectionsFollowTheServersOwnFamilies) {
  Metrics m;
  m.record("/x", "GET", 200, 0.001);
  m.add_section([] { return std::string("my_family_total 7\n"); });
  std::string text = m.render();
  auto own = text.find("strata_http_requests_total");
  auto added = text.find("my_family_total 7\n");
  ASSERT_NE(own, std::string::npos);
  ASSERT_NE(added, std::string::npos);
  EXPECT_LT(own, added);
}

}  // namespace
}  // namespace strata::http
