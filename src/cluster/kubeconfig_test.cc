#include "cluster/kubeconfig.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::cluster {
namespace {

const char* k_config = R"(apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
- name: prod
  cluster:
    server: https://prod.example:443
    certificate-authority: ca.crt
users:
- name: admin
  user:
    token: abc123
- name: robot
  user:
    exec:
      command: get-token
contexts:
- name: dev
  context: {cluster: local, user: admin, namespace: shop}
- name: production
  context: {cluster: prod, user: robot}
current-context: dev
)";

TEST(Kubeconfig, CurrentContextWithTokenAndInlineCa) {
  auto c = parse_kubeconfig(k_config, "/x/config", "");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->context, "dev");
  EXPECT_EQ(c->server, "https://127.0.0.1:6443");
  EXPECT_EQ(c->token, "abc123");
  EXPECT_EQ(c->ca_pem, "-----BEGIN CERTIFICATE-----\n");
  EXPECT_EQ(c->namespace_, "shop");
}

TEST(Kubeconfig, RefusesExecPluginsWithAHint) {
  testutil::TempDir dir;
  dir.write("ca.crt", "PEM");
  auto c = parse_kubeconfig(k_config, dir.path("config"), "production");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("exec"), std::string::npos);
  EXPECT_FALSE(c.error().hint.empty());
}

TEST(Kubeconfig, ReadsFilesRelativeToTheKubeconfig) {
  testutil::TempDir dir;
  dir.write("ca.crt", "PEM TEXT");
  std::string text = k_config;
  text.replace(text.find("    exec:\n      command: get-token\n"),
               std::string("    exec:\n      command: get-token\n").size(), "    token: t\n");
  auto c = parse_kubeconfig(text, dir.path("config"), "production");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->ca_pem, "PEM TEXT");
  EXPECT_EQ(c->namespace_, "default");
}

TEST(Kubeconfig, UnknownContextNamesIt) {
  auto c = parse_kubeconfig(k_config, "/x/config", "staging");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("'staging'"), std::string::npos);
  EXPECT_EQ(c.error().loc.file, "/x/config");
}

TEST(Kubeconfig, HasContext) {
  testutil::TempDir dir;
  dir.write("config", k_config);
  EXPECT_TRUE(has_context(dir.path("config"), "production"));
  EXPECT_FALSE(has_context(dir.path("config"), "staging"));
}

}  // namespace
}  // namespace strata::cluster
