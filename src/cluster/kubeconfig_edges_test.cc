// Kubeconfigs as people and tools really write them: names YAML reads as
// numbers, quoted booleans, token files, base64 with line breaks, missing
// parts, and where the file to read comes from.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "cluster/kubeconfig.h"
#include "util/temp_dir.h"

namespace strata::cluster {
namespace {

using ::testing::HasSubstr;

std::string config(const std::string& cluster_extra, const std::string& user,
                   const std::string& names = "dev") {
  return "clusters:\n- name: 2024\n  cluster: {server: https://old:6443}\n"
         "- name: " +
         names + "\n  cluster:\n    server: https://k8s.example:6443//\n" + cluster_extra +
         "users:\n- name: 7\n  user: {token: wrong}\n- name: me\n  user:\n" + user +
         "contexts:\n- name: 1\n  context: {cluster: 2024, user: 7}\n- name: " + names +
         "\n  context: {cluster: " + names + ", user: me}\ncurrent-context: " + names + "\n";
}

TEST(KubeconfigEdges, NamesThatYamlReadsAsNumbersAreSkippedNotThrown) {
  Result<KubeConfig> c = Error("not run");
  ASSERT_NO_THROW(c = parse_kubeconfig(config("", "    token: t\n"), "/x/config", ""));
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->server, "https://k8s.example:6443");
  EXPECT_EQ(c->token, "t");
}

TEST(KubeconfigEdges, AQuotedInsecureFlagIsNotThrown) {
  Result<KubeConfig> c = Error("not run");
  ASSERT_NO_THROW(
      c = parse_kubeconfig(config("    insecure-skip-tls-verify: \"true\"\n", "    token: t\n"),
                           "/x/config", ""));
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_FALSE(c->insecure) << "only a YAML boolean skips verification";
  auto yes = parse_kubeconfig(config("    insecure-skip-tls-verify: true\n", "    token: t\n"),
                              "/x/config", "");
  ASSERT_TRUE(yes) << yes.error().str();
  EXPECT_TRUE(yes->insecure);
}

TEST(KubeconfigEdges, ATokenFileIsReadRelativeToTheConfigAndTrimmed) {
  testutil::TempDir dir;
  dir.write("tok", "s3cret\n\n");
  auto c = parse_kubeconfig(config("", "    tokenFile: tok\n"), dir.path("config"), "");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->token, "s3cret");
  auto missing = parse_kubeconfig(config("", "    tokenFile: nope\n"), dir.path("config"), "");
  EXPECT_FALSE(missing);
}

TEST(KubeconfigEdges, Base64MayBeWrappedButMustBeWhole) {
  // "PEM\n" in base64, split over lines as some tools write it.
  auto c = parse_kubeconfig(
      config("    certificate-authority-data: |\n      UEVN\n      Cg==\n", "    token: t\n"),
      "/x/config", "");
  ASSERT_TRUE(c) << c.error().str();
  EXPECT_EQ(c->ca_pem, "PEM\n");
  auto bad = parse_kubeconfig(config("    certificate-authority-data: UEVNCg=\n", "    token: t\n"),
                              "/x/config", "");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("certificate-authority-data in /x/config"));
}

TEST(KubeconfigEdges, AClientCertificateFromMissingFilesNamesThem) {
  testutil::TempDir dir;
  auto c = parse_kubeconfig(config("", "    client-certificate: me.crt\n    client-key: me.key\n"),
                            dir.path("config"), "");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr("cannot read client-certificate"));
  EXPECT_THAT(c.error().message, HasSubstr("me.crt"));
}

TEST(KubeconfigEdges, MissingPartsAreNamedWithHints) {
  auto none = parse_kubeconfig("clusters: []\n", "/x/config", "");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "the kubeconfig has no current-context");
  EXPECT_THAT(none.error().hint, HasSubstr("--context"));
  auto no_server = parse_kubeconfig(
      "contexts:\n- name: a\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {}\n",
      "/x/config", "a");
  ASSERT_FALSE(no_server);
  EXPECT_EQ(no_server.error().message, "context 'a' names no cluster with a server");
  auto list = parse_kubeconfig("- a\n- b\n", "/x/config", "");
  ASSERT_FALSE(list);
  EXPECT_THAT(list.error().message, HasSubstr("no top-level mapping"));
  EXPECT_FALSE(parse_kubeconfig("", "/x/config", ""));
}

TEST(KubeconfigEdges, AnUnreadableFileSaysHowToPointAtAnother) {
  testutil::TempDir dir;
  auto c = load_kubeconfig(dir.path("absent"), "");
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().hint, HasSubstr("--kubeconfig FILE or set KUBECONFIG"));
  EXPECT_FALSE(has_context(dir.path("absent"), "dev"));
}

// The environment is process-wide: put back what was there.
class KubeconfigPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"KUBECONFIG", "HOME"}) {
      const char* v = std::getenv(name);
      m_saved.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
    }
  }
  void TearDown() override {
    for (const auto& [name, value] : m_saved) {
      if (value)
        setenv(name.c_str(), value->c_str(), 1);
      else
        unsetenv(name.c_str());
    }
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

TEST_F(KubeconfigPathTest, ExplicitThenFirstOfKubeconfigThenHome) {
  setenv("KUBECONFIG", "/a/one:/b/two", 1);
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(kubeconfig_path("/given"), "/given");
  EXPECT_EQ(kubeconfig_path(""), "/a/one");
  setenv("KUBECONFIG", "", 1);
  EXPECT_EQ(kubeconfig_path(""), "/home/u/.kube/config");
  unsetenv("KUBECONFIG");
  EXPECT_EQ(kubeconfig_path(""), "/home/u/.kube/config");
}

}  // namespace
}  // namespace strata::cluster
