// The manifest policy: Strata's own objects pass it, and each rule refuses
// what it names at the field and line that break it.

#include "kube/policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kube/objects.h"
#include "kube/yaml.h"
#include "util/temp_dir.h"

namespace strata::kube {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> rules_of(const std::vector<Finding>& found) {
  std::vector<std::string> out;
  for (const auto& f : found) out.push_back(f.rule + " " + f.field);
  return out;
}

json rendered_deployment() {
  testutil::TempDir dir("strata-kube-test");
  Topology t;
  t.services["billing"].context = "billing";
  t.services["billing"].port = 8101;
  auto objects = render_service(dir.root(), t, {"billing", "production", ""});
  EXPECT_TRUE(objects);
  return (*objects)[0].body;
}

std::vector<Finding> check(const json& object) { return check_object(object, "m.yaml", {}); }

TEST(Policy, EveryRenderedObjectPasses) {
  testutil::TempDir dir("strata-kube-test");
  Topology t;
  t.services["billing"].context = "billing";
  t.services["billing"].replicas = 2;
  t.services["billing"].autoscaling = Autoscaling{2, 4, 80};
  for (const char* ctx : {"billing", "monolith"}) {
    auto objects = render_service(dir.root(), t, {ctx, "staging", ""});
    ASSERT_TRUE(objects);
    for (const auto& o : *objects) EXPECT_THAT(rules_of(check(o.body)), ElementsAre()) << o.kind;
  }
}

TEST(Policy, MissingProbesLimitsAndHardeningAreEachNamed) {
  json d = rendered_deployment();
  json& c = d["spec"]["template"]["spec"]["containers"][0];
  c.erase("livenessProbe");
  c["resources"]["limits"].erase("memory");
  c["securityContext"].erase("readOnlyRootFilesystem");
  c["securityContext"]["runAsNonRoot"] = false;
  std::string base = "spec.template.spec.containers[0].";
  EXPECT_THAT(
      rules_of(check(d)),
      ElementsAre("probes " + base + "livenessProbe", "limits " + base + "resources.limits.memory",
                  "non-root " + base + "securityContext.runAsNonRoot",
                  "read-only-root " + base + "securityContext.readOnlyRootFilesystem"));
}

TEST(Policy, ThePodsNonRootSettingCountsUnlessTheContainerOverridesIt) {
  json d = rendered_deployment();
  json& c = d["spec"]["template"]["spec"]["containers"][0];
  c["securityContext"].erase("runAsNonRoot");
  EXPECT_THAT(rules_of(check(d)), ElementsAre());
  d["spec"]["template"]["spec"]["securityContext"].erase("runAsNonRoot");
  EXPECT_THAT(
      rules_of(check(d)),
      ElementsAre("non-root spec.template.spec.containers[0].securityContext.runAsNonRoot"));
  c["securityContext"]["runAsNonRoot"] = true;
  c["securityContext"]["runAsUser"] = 0;
  EXPECT_THAT(rules_of(check(d)),
              ElementsAre("non-root spec.template.spec.containers[0].securityContext.runAsUser"));
}

TEST(Policy, PrivilegeAndTheHostAreRefused) {
  json d = rendered_deployment();
  json& pod = d["spec"]["template"]["spec"];
  pod["hostNetwork"] = true;
  pod["hostPID"] = true;
  pod["volumes"].push_back({{"name", "docker"}, {"hostPath", {{"path", "/var/run"}}}});
  pod["containers"][0]["securityContext"]["privileged"] = true;
  EXPECT_THAT(
      rules_of(check(d)),
      ElementsAre("host-network spec.template.spec.hostNetwork",
                  "host-namespaces spec.template.spec.hostPID",
                  "host-path spec.template.spec.volumes[1].hostPath",
                  "privileged spec.template.spec.containers[0].securityContext.privileged"));
}

TEST(Policy, JobsNeedNoProbesAndOtherKindsAreNotJudged) {
  json job = json::parse(R"({"apiVersion": "batch/v1", "kind": "CronJob",
    "metadata": {"name": "nightly"},
    "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "x"}]}}}}}})");
  auto found = rules_of(check(job));
  EXPECT_THAT(found, Not(::testing::Contains(HasSubstr("probes"))));
  EXPECT_THAT(found, ::testing::Contains(HasSubstr(
                         "limits spec.jobTemplate.spec.template.spec.containers[0].resources")));
  EXPECT_THAT(rules_of(check({{"apiVersion", "v1"}, {"kind", "ConfigMap"}})), ElementsAre());
  EXPECT_THAT(rules_of(check({{"apiVersion", "v1"}, {"kind", 3}})), ElementsAre());
}

TEST(Policy, FindingsInAYamlFileNameTheFileLineAndObject) {
  testutil::TempDir dir("strata-kube-test");
  json d = rendered_deployment();
  d["spec"]["template"]["spec"]["containers"][0].erase("readinessProbe");
  std::string text =
      "# a team's file\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
      "---\n" +
      to_yaml(d);
  dir.write("deploy/app.yaml", text);
  dir.write("deploy/kustomization.yaml", "resources:\n- app.yaml\n");
  auto files = manifest_files(dir.root() / "deploy");
  ASSERT_EQ(files.size(), 2u);
  auto found = check_manifest_file(files[0], "deploy/app.yaml");
  ASSERT_TRUE(found) << found.error().str();
  ASSERT_EQ(found->size(), 1u);
  const Finding& f = (*found)[0];
  EXPECT_EQ(f.object, "Deployment/billing");
  EXPECT_EQ(f.rule, "probes");
  // Reported at the container that lacks it: the line of its first key.
  size_t container_line = 1;
  size_t at = text.find("- env:");
  for (size_t i = 0; i < at; ++i) container_line += text[i] == '\n';
  EXPECT_EQ(f.loc.line, static_cast<int>(container_line));
  EXPECT_THAT(format_finding(f),
              HasSubstr("deploy/app.yaml:" + std::to_string(container_line) +
                        ":9: Deployment/billing: spec.template.spec.containers[0].readinessProbe: "
                        "has no readinessProbe [probes]"));
  auto none = check_manifest_file(files[1], "deploy/kustomization.yaml");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(Policy, AJsonListIsCheckedItemByItem) {
  testutil::TempDir dir("strata-kube-test");
  json d = rendered_deployment();
  d["spec"]["template"]["spec"]["hostNetwork"] = true;
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", {d}}};
  dir.write("all.json", list.dump(2));
  auto found = check_manifest_file(dir.root() / "all.json", "all.json");
  ASSERT_TRUE(found) << found.error().str();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].rule, "host-network");
  EXPECT_GT((*found)[0].loc.line, 1);
}

TEST(Policy, FilesThatHoldNoObjectAreSkippedUnread) {
  testutil::TempDir dir("strata-kube-test");
  dir.write("tsconfig.json", "{ // comments are no JSON\n}");
  auto found = check_manifest_file(dir.root() / "tsconfig.json", "tsconfig.json");
  ASSERT_TRUE(found) << found.error().str();
  EXPECT_TRUE(found->empty());
}

TEST(Policy, AFileThatIsNotYamlIsAnError) {
  testutil::TempDir dir("strata-kube-test");
  dir.write("bad.yaml", "apiVersion: v1\na: [1,\n");
  auto found = check_manifest_file(dir.root() / "bad.yaml", "bad.yaml");
  ASSERT_FALSE(found);
  EXPECT_THAT(found.error().str(), HasSubstr("bad.yaml:"));
}

}  // namespace
}  // namespace strata::kube
