// `strata manifests` and `strata check manifests` run in-process: the
// usage errors they refuse before any work, the objects rendered from the
// topology, and the policy's findings on manifest files with their place,
// rule and hint, and the summary line.

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

const char* k_privileged_pod =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: bad\n"
    "spec:\n"
    "  hostNetwork: true\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: app:1\n"
    "    securityContext:\n"
    "      privileged: true\n";

const char* k_config_map =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  A: \"1\"\n";

struct Workspace {
  testutil::TempDir dir;
  Workspace() { dir.write("strata.json", "{}"); }
  Output run(const std::vector<std::string>& args) {
    return testsupport::run_in(dir.root(), {}, args);
  }
  void two_services() {
    dir.write("topology.json", R"({"version": 1, "services": {
        "billing": {"mode": "service", "port": 8101},
        "orders": {"mode": "service", "port": 8102}}})");
  }
};

TEST(ManifestsCommand, AnUnknownEnvironmentIsAUsageErrorWithTheChoices) {
  Workspace w;
  Output o = w.run({"manifests", "--env", "prod"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("unknown environment 'prod'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("hint: --env dev|staging|production"), std::string::npos) << o.err;
}

TEST(ManifestsCommand, AnImageIsTheImageOfOneService) {
  Workspace w;
  w.two_services();
  Output o = w.run({"manifests", "--image", "registry.example.com/x:1"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--image is the image of one service"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("strata manifests SERVICE --image REF"), std::string::npos) << o.err;
}

TEST(ManifestsCommand, OutAndJsonExcludeEachOther) {
  Workspace w;
  Output o = w.run({"manifests", "--out", "k8s", "--json"});
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_FALSE(std::filesystem::exists(w.dir.path("k8s")));
}

TEST(ManifestsCommand, ABrokenTopologyIsAFailureNamingTheFile) {
  Workspace w;
  w.dir.write("topology.json", "{\"version\": 2}");
  Output o = w.run({"manifests"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("topology.json"), std::string::npos) << o.err;
}

TEST(CheckManifestsCommand, FindingsNameTheFileTheObjectAndTheRule) {
  Workspace w;
  w.dir.write("k8s/pod.yaml", k_privileged_pod);
  Output o = w.run({"check", "manifests", "k8s"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata: error: k8s/pod.yaml:"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("Pod/bad: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("[privileged]"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("hint: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(" in 1 file\n"), std::string::npos) << o.err;
}

TEST(CheckManifestsCommand, JsonCarriesEveryFindingAndTheFileCount) {
  Workspace w;
  w.dir.write("k8s/pod.yaml", k_privileged_pod);
  w.dir.write("k8s/settings.yaml", k_config_map);
  Output o = w.run({"check", "manifests", "k8s", "--json"});
  EXPECT_EQ(o.code, 1);
  json doc = json::parse(o.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << o.out;
  EXPECT_EQ(doc["files"], 2);
  ASSERT_FALSE(doc["findings"].empty());
  std::vector<std::string> rules;
  for (const auto& f : doc["findings"]) {
    EXPECT_EQ(f["file"], "k8s/pod.yaml");
    EXPECT_EQ(f["object"], "Pod/bad");
    EXPECT_GT(f["line"].get<int>(), 0);
    EXPECT_FALSE(f["hint"].get<std::string>().empty());
    rules.push_back(f["rule"]);
  }
  EXPECT_NE(std::find(rules.begin(), rules.end(), "privileged"), rules.end());
}

TEST(CheckManifestsCommand, FilesThatAreNoManifestsAreNotParsed) {
  Workspace w;
  w.dir.write("k8s/values.yaml", "replicas: [not, a, manifest\n");  // no apiVersion
  Output o = w.run({"check", "manifests", "k8s"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.err, "manifests: no problems in 1 file\n");
}

TEST(CheckManifestsCommand, ObjectsThatRunNoPodsPass) {
  Workspace w;
  w.dir.write("k8s/settings.yaml", k_config_map);
  Output o = w.run({"check", "manifests", "k8s/settings.yaml"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.err, "manifests: no problems in 1 file\n");
}

TEST(CheckManifestsCommand, AMissingPathIsAUsageError) {
  Workspace w;
  Output o = w.run({"check", "manifests", "nowhere"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("nowhere: no such file or directory"), std::string::npos) << o.err;
}

TEST(CheckManifestsCommand, UnreadableYamlFailsButTheOthersAreStillChecked) {
  Workspace w;
  w.dir.write("k8s/a-broken.yaml", "apiVersion: v1\nkind: [unclosed\n");
  w.dir.write("k8s/b-settings.yaml", k_config_map);
  Output o = w.run({"check", "manifests", "k8s"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("a-broken.yaml"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("no problems in 2 files"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace strata::cli
