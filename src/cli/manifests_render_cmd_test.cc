// `strata manifests` rendering a generated Python context before and after
// it is split, in-process: the objects per service in the --json List,
// the split's replicas and an --image in the Deployment, --out's one file
// per object, and a context that is not split named with a hint.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;

using Output = testsupport::CommandOutput;

struct Workspace {
  testutil::TempDir dir;

  Workspace() {
    dir.write("strata.json", "{}");
    Output o = run({"generate", "context", "billing", "--lang", "python", "--skip-install"});
    EXPECT_EQ(o.code, 0) << o.err;
  }
  Output run(std::vector<std::string> args) { return testsupport::run_in(dir.root(), {}, args); }
  void split(const std::string& replicas) {
    Output o = run({"split", "billing", "--skip-install", "--replicas", replicas});
    ASSERT_EQ(o.code, 0) << o.err;
  }
  json manifests(std::vector<std::string> args) {
    args.insert(args.begin(), "manifests");
    args.push_back("--json");
    Output o = run(args);
    EXPECT_EQ(o.code, 0) << o.err;
    return o.code == 0 ? json::parse(o.out) : json();
  }
};

// "Kind/name" of every item.
std::set<std::string> objects(const json& list) {
  std::set<std::string> out;
  for (const auto& item : list["items"])
    out.insert(item["kind"].get<std::string>() + "/" + item["metadata"]["name"].get<std::string>());
  return out;
}

const json* deployment(const json& list, const std::string& name) {
  for (const auto& item : list["items"])
    if (item["kind"] == "Deployment" && item["metadata"]["name"] == name) return &item;
  return nullptr;
}

TEST(ManifestsRender, BeforeAnySplitOnlyTheMonolithIsRendered) {
  Workspace w;
  json list = w.manifests({});
  EXPECT_EQ(list["kind"], "List");
  EXPECT_EQ(objects(list), (std::set<std::string>{"Deployment/monolith", "Service/monolith",
                                                  "ConfigMap/monolith-config"}));
}

TEST(ManifestsRender, ASplitServiceGetsItsOwnObjectsWithItsReplicas) {
  Workspace w;
  w.split("3");
  json all = w.manifests({});
  EXPECT_EQ(objects(all), (std::set<std::string>{
                              "Deployment/billing", "Service/billing", "ConfigMap/billing-config",
                              "PodDisruptionBudget/billing", "Deployment/monolith",
                              "Service/monolith", "ConfigMap/monolith-config"}));
  json one = w.manifests({"billing"});
  // More than one replica: a disruption budget keeps some of them up.
  EXPECT_EQ(objects(one),
            (std::set<std::string>{"Deployment/billing", "Service/billing",
                                   "ConfigMap/billing-config", "PodDisruptionBudget/billing"}));
  const json* d = deployment(one, "billing");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ((*d)["spec"]["replicas"], 3);
  const json& container = (*d)["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(container["securityContext"]["runAsNonRoot"], true);
  EXPECT_EQ(container["securityContext"]["readOnlyRootFilesystem"], true);
}

TEST(ManifestsRender, AnImageGoesIntoTheOneServicesDeployment) {
  Workspace w;
  w.split("1");
  std::string ref = "reg.example/billing@sha256:" + std::string(64, 'a');
  json one = w.manifests({"billing", "--env", "production", "--image", ref});
  const json* d = deployment(one, "billing");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["image"], ref);
  Output two = w.run({"manifests", "billing", "monolith", "--image", ref});
  EXPECT_EQ(two.code, 2);
  EXPECT_EQ(two.err.rfind("strata: error: --image is the image of one service\n", 0), 0u)
      << two.err;
  EXPECT_NE(two.err.find("hint: name it: strata manifests SERVICE --image REF"), std::string::npos);
}

TEST(ManifestsRender, OutWritesOneYamlFilePerObject) {
  Workspace w;
  w.split("1");
  Output o = w.run({"manifests", "billing", "--out", "k8s-dev"});
  ASSERT_EQ(o.code, 0) << o.err;
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(w.dir.path("k8s-dev")))
    files.insert(e.path().filename().string());
  EXPECT_EQ(files, (std::set<std::string>{"billing-config-configmap.yaml",
                                          "billing-deployment.yaml", "billing-service.yaml"}));
  EXPECT_EQ(w.dir.read("k8s-dev/billing-deployment.yaml")
                .rfind("apiVersion: apps/v1\nkind: "
                       "Deployment\n",
                       0),
            0u);
}

TEST(ManifestsRender, AContextThatIsNotSplitIsNamedWithAHint) {
  Workspace w;
  Output o = w.run({"manifests", "billing"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err.rfind("strata: error: context 'billing' is not split into a service\n", 0), 0u)
      << o.err;
  EXPECT_NE(o.err.find("hint: split it first: strata split billing"), std::string::npos);
}

}  // namespace
}  // namespace strata::cli
