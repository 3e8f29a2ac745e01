// The kustomize tree: replaying an overlay's patches on the base (as
// kustomize does) gives exactly the objects render_service gives for that
// environment, and the tree follows the generated projects on disk.

#include "kube/kustomize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kube/objects.h"
#include "kube/yaml.h"
#include "service/generated_header.h"
#include "util/temp_dir.h"

namespace strata::kube {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::IsEmpty;

Topology sample() {
  Topology t;
  ServiceConfig billing;
  billing.context = "billing";
  billing.port = 8101;
  billing.replicas = 2;  // a budget in the base
  billing.config = {"CURRENCY"};
  billing.environments["dev"].replicas = 1;  // ...that dev deletes
  billing.environments["staging"].resources.limits.memory = "1Gi";
  EnvironmentOverride production;
  production.replicas = 4;
  production.autoscaling = Autoscaling{4, 12, 65};  // an autoscaler only production has
  billing.environments["production"] = production;
  t.services["billing"] = billing;
  return t;
}

json body_of(const std::map<std::string, std::string>& files, const std::string& path) {
  auto it = files.find(path);
  EXPECT_NE(it, files.end()) << path;
  if (it == files.end()) return nullptr;
  auto docs = parse_yaml(it->second, path);
  EXPECT_TRUE(docs) << docs.error().str();
  return docs ? (*docs)[0].value : json();
}

bool targets(const json& target, const json& object) {
  return target["kind"] == object["kind"] && target["name"] == object["metadata"]["name"];
}

// What `kubectl kustomize overlays/ENV` builds, for the patch kinds Strata writes.
std::vector<json> build_overlay(const std::map<std::string, std::string>& files,
                                const std::string& dir, const std::string& env) {
  std::vector<json> objects;
  json base = body_of(files, dir + "/base/kustomization.yaml");
  for (const auto& r : base["resources"])
    objects.push_back(body_of(files, dir + "/base/" + r.get<std::string>()));
  json k = body_of(files, dir + "/overlays/" + env + "/kustomization.yaml");
  for (const auto& r : k["resources"])
    if (r != "../../base")
      objects.push_back(body_of(files, dir + "/overlays/" + env + "/" + r.get<std::string>()));
  for (const auto& p : k.value("patches", json::array())) {
    json patch = json::parse(p["patch"].get<std::string>());
    for (auto it = objects.begin(); it != objects.end(); ++it) {
      if (patch.is_object() && patch.value("$patch", "") == "delete" &&
          targets({{"kind", patch["kind"]}, {"name", patch["metadata"]["name"]}}, *it)) {
        objects.erase(it);
        break;
      }
      if (p.contains("target") && targets(p["target"], *it)) *it = it->patch(patch);
    }
  }
  return objects;
}

std::vector<json> rendered(const std::filesystem::path& root, const std::string& env) {
  auto objects = render_service(root, sample(), {"billing", env, ""});
  EXPECT_TRUE(objects);
  std::vector<json> out;
  for (const auto& o : *objects) out.push_back(o.body);
  return out;
}

class Kustomize : public ::testing::Test {
 protected:
  testutil::TempDir m_dir{"strata-kube-test"};
};

TEST_F(Kustomize, EachOverlayBuildsTheObjectsOfItsEnvironment) {
  auto files = kustomize_files(m_dir.root(), sample(), "billing");
  ASSERT_TRUE(files) << files.error().str();
  for (const char* env : {"dev", "staging", "production"}) {
    auto built = build_overlay(*files, "contexts/billing/service/k8s", env);
    auto want = rendered(m_dir.root(), env);
    std::sort(built.begin(), built.end());
    std::sort(want.begin(), want.end());
    EXPECT_EQ(json(built), json(want)) << env;
  }
}

TEST_F(Kustomize, EveryFileIsGeneratedFromTheTopology) {
  m_dir.write("topology.json", "{}\n");
  auto files = kustomize_files(m_dir.root(), sample(), "billing");
  ASSERT_TRUE(files);
  EXPECT_THAT(*files,
              Contains(::testing::Key("contexts/billing/service/k8s/base/deployment.yaml")));
  EXPECT_THAT(*files, Contains(::testing::Key("contexts/billing/service/k8s/overlays/production/"
                                              "horizontalpodautoscaler.yaml")));
  for (const auto& [path, text] : *files) {
    auto header = service::parse_generated_header(text);
    ASSERT_TRUE(header) << path;
    EXPECT_EQ(header->inputs, std::vector<std::string>{"topology.json"});
    EXPECT_TRUE(service::generated_file_is_current(m_dir.root(), text)) << path;
  }
}

TEST_F(Kustomize, TreesFollowTheGeneratedProjects) {
  auto none = write_kustomize(m_dir.root(), sample());
  ASSERT_TRUE(none);
  EXPECT_THAT(none->written, IsEmpty());  // nothing split on disk yet

  m_dir.write("contexts/billing/service/project.json", "{}");
  m_dir.write("apps/monolith-python/project.json", "{}");
  auto first = write_kustomize(m_dir.root(), sample());
  ASSERT_TRUE(first) << first.error().str();
  EXPECT_THAT(first->written, Contains("contexts/billing/service/k8s/base/deployment.yaml"));
  EXPECT_THAT(first->written, Contains("apps/monolith-python/k8s/base/deployment.yaml"));

  auto again = write_kustomize(m_dir.root(), sample());
  ASSERT_TRUE(again);
  EXPECT_THAT(again->written, IsEmpty());

  // Production without autoscaling: its autoscaler file goes.
  Topology t = sample();
  t.services["billing"].environments["production"].autoscaling.reset();
  auto fewer = write_kustomize(m_dir.root(), t);
  ASSERT_TRUE(fewer);
  EXPECT_EQ(fewer->removed, std::vector<std::string>{"contexts/billing/service/k8s/overlays/"
                                                     "production/horizontalpodautoscaler.yaml"});
}

}  // namespace
}  // namespace strata::kube
