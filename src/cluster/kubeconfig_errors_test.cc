// What a kubeconfig Strata cannot use says: each refusal names the file,
// says what is missing and, where there is one, how to fix it. Also the
// fields read from files and base64, and where the kubeconfig is looked for.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "cluster/kubeconfig.h"
#include "util/temp_dir.h"

namespace strata::cluster {
namespace {

std::string config(const std::string& cluster, const std::string& user,
                   const std::string& current = "current-context: c\n") {
  return "clusters:\n- name: k\n  cluster:\n" + cluster + "users:\n- name: u\n  user:\n" + user +
         "contexts:\n- name: c\n  context: {cluster: k, user: u}\n" + current;
}
const std::string k_server = "    server: https://10.0.0.1:6443\n";

TEST(KubeconfigErrors, NoCurrentContextHintsAtChoosingOne) {
  auto c = parse_kubeconfig(config(k_server, "    token: t\n", ""), "/k/config", "");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("no current-context"), std::string::npos);
  EXPECT_EQ(c.error().loc.file, "/k/config");
  EXPECT_NE(c.error().hint.find("--context"), std::string::npos);
  // Naming the context explicitly is enough.
  EXPECT_TRUE(parse_kubeconfig(config(k_server, "    token: t\n", ""), "/k/config", "c"));
}

TEST(KubeconfigErrors, AClusterWithoutAServerIsRefused) {
  auto c = parse_kubeconfig(config("    insecure-skip-tls-verify: true\n", "    token: t\n"),
                            "/k/config", "");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("context 'c' names no cluster with a server"),
            std::string::npos);
}

TEST(KubeconfigErrors, AScalarDocumentIsNoKubeconfig) {
  auto c = parse_kubeconfig("just text\n", "/k/config", "");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("not a kubeconfig"), std::string::npos);
}

TEST(KubeconfigErrors, BadBase64SaysWhichField) {
  auto c =
      parse_kubeconfig(config(k_server + "    certificate-authority-data: abc\n", "    token: t\n"),
                       "/k/config", "");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("certificate-authority-data in /k/config"), std::string::npos);
  EXPECT_NE(c.error().message.find("base64"), std::string::npos);
}

TEST(KubeconfigErrors, AMissingCertificateFileIsNamed) {
  testutil::TempDir dir;
  auto c = parse_kubeconfig(
      config(k_server + "    certificate-authority: missing.crt\n", "    token: t\n"),
      dir.path("config"), "");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(dir.path("missing.crt").string()), std::string::npos);
  EXPECT_EQ(c.error().loc.file, dir.path("config").string());
}

TEST(KubeconfigErrors, AnAuthProviderIsRefusedLikeAnExecPlugin) {
  auto c = parse_kubeconfig(config(k_server, "    auth-provider: {name: gcp}\n"), "/k/config", "");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("auth-provider"), std::string::npos);
  EXPECT_FALSE(c.error().hint.empty());
}

TEST(Kubeconfig, ATokenFileIsReadRelativeToTheConfigWithoutItsNewline) {
  testutil::TempDir dir;
  dir.write("token", "s3cret\n\n");
  auto c = parse_kubeconfig(config(k_server, "    tokenFile: token\n"), dir.path("config"), "");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->token, "s3cret");
}

TEST(Kubeconfig, AnInlineTokenWinsOverATokenFile) {
  auto c = parse_kubeconfig(config(k_server, "    token: inline\n    tokenFile: /nonexistent\n"),
                            "/k/config", "");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->token, "inline");
}

TEST(Kubeconfig, ClientCertificatesFromBase64AndInsecureFlag) {
  // "Y2VydA==" is "cert", "a2V5" is "key".
  auto c = parse_kubeconfig(config(k_server + "    insecure-skip-tls-verify: true\n",
                                   "    client-certificate-data: Y2VydA==\n"
                                   "    client-key-data: a2V5\n"),
                            "/k/config", "");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->client_cert_pem, "cert");
  EXPECT_EQ(c->client_key_pem, "key");
  EXPECT_TRUE(c->insecure);
  EXPECT_TRUE(c->token.empty());
  EXPECT_EQ(c->server, "https://10.0.0.1:6443");
}

TEST(Kubeconfig, AMissingFileHintsAtTheOptionAndTheVariable) {
  testutil::TempDir dir;
  auto c = load_kubeconfig(dir.path("absent"), "");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(dir.path("absent").string()), std::string::npos);
  EXPECT_NE(c.error().hint.find("KUBECONFIG"), std::string::npos);
  EXPECT_FALSE(has_context(dir.path("absent"), "c"));
}

TEST(KubeconfigPath, AnExplicitPathThenTheFirstOfKubeconfigThenHome) {
  const char* old_kube = std::getenv("KUBECONFIG");
  std::string saved_kube = old_kube ? old_kube : "";
  const char* old_home = std::getenv("HOME");
  std::string saved_home = old_home ? old_home : "";
  setenv("KUBECONFIG", "/a/one:/b/two", 1);
  EXPECT_EQ(kubeconfig_path("/x/mine"), "/x/mine");
  EXPECT_EQ(kubeconfig_path(""), "/a/one");
  unsetenv("KUBECONFIG");
  setenv("HOME", "/home/dev", 1);
  EXPECT_EQ(kubeconfig_path(""), "/home/dev/.kube/config");
  if (old_kube) setenv("KUBECONFIG", saved_kube.c_str(), 1);
  if (old_home) setenv("HOME", saved_home.c_str(), 1);
}

}  // namespace
}  // namespace strata::cluster
