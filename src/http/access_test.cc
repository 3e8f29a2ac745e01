#include "http/access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "http/audit_log.h"

namespace strata::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(TokenGrants, ParsesNameRoleTokenLines) {
  auto g = parse_token_grants(
      "# who may do what\nci writer t-ci\n\nalice   admin  t-alice  # on call\nbob reader t-bob\n",
      "tokens");
  ASSERT_TRUE(g) << g.error().str();
  ASSERT_EQ(g->size(), 3u);
  EXPECT_EQ((*g)[0].name, "ci");
  EXPECT_EQ((*g)[0].role, Role::k_writer);
  EXPECT_EQ((*g)[1].token, "t-alice");
  EXPECT_EQ(find_grant(*g, "t-bob")->name, "bob");
  EXPECT_EQ(find_grant(*g, "t-bo"), nullptr);
  EXPECT_EQ(find_grant(*g, ""), nullptr);
}

TEST(TokenGrants, ErrorsNameTheLineButNeverTheToken) {
  auto bad_role = parse_token_grants("ci owner very-secret\n", "tokens");
  ASSERT_FALSE(bad_role);
  EXPECT_EQ(bad_role.error().loc.line, 1);
  EXPECT_THAT(bad_role.error().message, HasSubstr("unknown role 'owner'"));
  EXPECT_THAT(bad_role.error().str(), Not(HasSubstr("very-secret")));
  EXPECT_FALSE(parse_token_grants("ci writer\n", "tokens"));
  EXPECT_FALSE(parse_token_grants("a reader x\na writer y\n", "tokens"));
  EXPECT_FALSE(parse_token_grants("# nothing\n", "tokens"));
}

TEST(Roles, AreOrdered) {
  EXPECT_LT(Role::k_reader, Role::k_writer);
  EXPECT_LT(Role::k_writer, Role::k_admin);
  EXPECT_EQ(parse_role(to_string(Role::k_writer)), Role::k_writer);
}

TEST(AuditLog, LinesAreVersionedJson) {
  AuditEntry e{
      0,   "ci", "writer", "POST", "/v1/collections/docs/upsert", "/v1/collections/([^/]+)/upsert",
      200, "ok"};
  auto j = nlohmann::json::parse(audit_line(e));
  EXPECT_EQ(j["v"], 1);
  EXPECT_EQ(j["time"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(j["who"], "ci");
  EXPECT_EQ(j["outcome"], "ok");
}

TEST(AuditLog, AppendsAndNeverTruncates) {
  std::string path =
      ::testing::TempDir() + "strata-audit-append-" + std::to_string(::getpid()) + ".log";
  std::remove(path.c_str());
  for (int round = 0; round < 2; ++round) {
    auto log = AuditLog::open(path);
    ASSERT_TRUE(log);
    for (int i = 0; i < 50; ++i) (*log)->record({i, "w", "writer", "POST", "/x", "/x", 200, "ok"});
    (*log)->flush();
  }
  std::ifstream in(path);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  EXPECT_EQ(n, 100u);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace strata::http
