#include "cluster/rollout.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>

namespace strata::cluster {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

json deployment(int generation, int observed, int desired, int updated, int available,
                int total = -1, const char* reason = "NewReplicaSetAvailable") {
  return {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata",
       {{"name", "orders"},
        {"namespace", "shop"},
        {"generation", generation},
        {"resourceVersion", std::to_string(generation)},
        {"annotations", {{"deployment.kubernetes.io/revision", "2"}}}}},
      {"spec",
       {{"replicas", desired},
        {"template", {{"spec", {{"containers", {{{"name", "app"}, {"image", "orders:2"}}}}}}}}}},
      {"status",
       {{"observedGeneration", observed},
        {"replicas", total < 0 ? updated : total},
        {"updatedReplicas", updated},
        {"readyReplicas", available},
        {"availableReplicas", available},
        {"conditions",
         {{{"type", "Progressing"},
           {"reason", reason},
           {"lastUpdateTime", "2026-01-01T00:00:00Z"}}}}}}};
}

TEST(AssessRollout, FollowsKubectlsOrder) {
  EXPECT_EQ(assess_rollout(deployment(2, 1, 3, 3, 3)).phase, RolloutPhase::k_unobserved);
  auto s = assess_rollout(deployment(2, 2, 3, 1, 1));
  EXPECT_EQ(s.phase, RolloutPhase::k_progressing);
  EXPECT_EQ(s.message, "1 out of 3 new replicas have been updated");
  EXPECT_EQ(assess_rollout(deployment(2, 2, 3, 3, 3, 4)).message,
            "1 old replicas are pending termination");
  EXPECT_EQ(assess_rollout(deployment(2, 2, 3, 3, 2)).message,
            "2 of 3 updated replicas are available");
  s = assess_rollout(deployment(2, 2, 3, 3, 3));
  EXPECT_EQ(s.phase, RolloutPhase::k_complete);
  EXPECT_EQ(s.revision, 2);
  EXPECT_EQ(s.images, std::vector<std::string>{"orders:2"});
  EXPECT_EQ(s.last_rollout, "2026-01-01T00:00:00Z");
  EXPECT_EQ(assess_rollout(deployment(2, 2, 3, 1, 0, 3, "ProgressDeadlineExceeded")).phase,
            RolloutPhase::k_failed);
}

class FakeClock : public Clock {
 public:
  milliseconds t{0};
  milliseconds now() override { return t; }
  void sleep(milliseconds d) override { t += d; }
};

// A cluster whose Deployment answers a scripted sequence of states (the
// last one repeats); rollback switches to a second script.
class FakeCluster : public KubernetesDeployer {
 public:
  std::map<std::string, json> stored;  // by name
  std::deque<json> script, after_rollback;
  std::vector<std::string> calls;
  bool has_previous = true;

  Result<json> apply(const json& object, const ApplyOptions& o) override {
    calls.push_back(std::string("apply ") + (o.dry_run ? "dry " : "") +
                    object["metadata"]["name"].get<std::string>());
    std::string name = object["metadata"]["name"];
    if (object["kind"] == "Bad") return Error("refused: spec.x is invalid");
    json out = object;
    bool same = stored.count(name) && stored[name]["spec"] == object.value("spec", json());
    out["metadata"]["resourceVersion"] =
        same ? stored[name]["metadata"]["resourceVersion"].get<std::string>()
             : std::to_string(calls.size());
    if (!o.dry_run) stored[name] = out;
    return out;
  }
  Result<std::optional<json>> get(const ObjectRef& ref) override {
    if (ref.kind == "Deployment" && !script.empty()) {
      json d = script.front();
      if (script.size() > 1) script.pop_front();
      return std::optional<json>(d);
    }
    auto it = stored.find(ref.name);
    if (it == stored.end()) return std::optional<json>();
    return std::optional<json>(it->second);
  }
  Result<std::vector<json>> list(const ListQuery&) override { return std::vector<json>{}; }
  Result<Rollback> rollback(const std::string&, const std::string& name) override {
    calls.push_back("rollback " + name);
    if (!has_previous) return Error("Deployment/orders has no previous revision to roll back to");
    script = after_rollback;
    return Rollback{2, 1};
  }
};

std::vector<json> objects() {
  return {
      json{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "orders-config"}}}},
      json{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "orders"}}}}};
}

TEST(Deploy, AppliesInOrderAndWaitsForTheRollout) {
  FakeCluster c;
  FakeClock clock;
  c.script = {deployment(2, 1, 2, 0, 0), deployment(2, 2, 2, 1, 0), deployment(2, 2, 2, 2, 2)};
  auto r = deploy(c, objects(), "shop", {}, clock);
  ASSERT_TRUE(r) << r.error().str();
  EXPECT_TRUE(r->ok());
  ASSERT_EQ(r->applied.size(), 2u);
  EXPECT_EQ(r->applied[0].action, "created");
  EXPECT_EQ(r->applied[0].ref.namespace_, "shop");
  ASSERT_EQ(r->deployments.size(), 1u);
  EXPECT_TRUE(r->deployments[0].waited);
  EXPECT_EQ(r->deployments[0].status.phase, RolloutPhase::k_complete);
  EXPECT_EQ(c.stored["orders-config"]["metadata"]["namespace"], "shop");
}

TEST(Deploy, ReappliedSameObjectIsUnchanged) {
  FakeCluster c;
  FakeClock clock;
  DeployOptions o;
  o.wait = false;
  ASSERT_TRUE(deploy(c, objects(), "shop", o, clock));
  auto r = deploy(c, objects(), "shop", o, clock);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->applied[0].action, "unchanged");
}

TEST(Deploy, AFailedRolloutIsRolledBackAndReported) {
  FakeCluster c;
  FakeClock clock;
  c.script = {deployment(3, 3, 2, 1, 0, 3, "ProgressDeadlineExceeded")};
  c.after_rollback = {deployment(4, 4, 2, 2, 2)};
  auto r = deploy(c, objects(), "shop", {}, clock);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->ok());
  const auto& d = r->deployments[0];
  EXPECT_NE(d.failure.find("progress deadline"), std::string::npos);
  ASSERT_TRUE(d.rolled_back);
  EXPECT_EQ(d.rolled_back->to_revision, 1);
  EXPECT_EQ(d.after_rollback.phase, RolloutPhase::k_complete);
}

TEST(Deploy, ATimeoutCountsAsFailure) {
  FakeCluster c;
  FakeClock clock;
  c.script = {deployment(2, 2, 2, 1, 0)};
  c.has_previous = false;
  DeployOptions o;
  o.timeout = std::chrono::seconds(10);
  auto r = deploy(c, objects(), "shop", o, clock);
  ASSERT_TRUE(r);
  const auto& d = r->deployments[0];
  EXPECT_NE(d.failure.find("timed out after 10 s"), std::string::npos) << d.failure;
  EXPECT_NE(d.failure.find("not rolled back: "), std::string::npos) << d.failure;
  EXPECT_GE(clock.t, std::chrono::seconds(10));
}

TEST(Deploy, NoControllerMeansStoredButNotWaitedFor) {
  FakeCluster c;
  FakeClock clock;
  c.script = {deployment(1, 0, 2, 0, 0)};
  auto r = deploy(c, objects(), "shop", {}, clock);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok());
  EXPECT_FALSE(r->deployments[0].waited);
  EXPECT_NE(r->deployments[0].status.message.find("no controller"), std::string::npos);
}

TEST(Deploy, DryRunAppliesAsDryRunAndDoesNotWait) {
  FakeCluster c;
  FakeClock clock;
  DeployOptions o;
  o.dry_run = true;
  auto r = deploy(c, objects(), "shop", o, clock);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->deployments.empty());
  EXPECT_EQ(c.calls[0], "apply dry orders-config");
  EXPECT_TRUE(c.stored.empty());
}

TEST(Deploy, ARefusedObjectStopsAndIsNamed) {
  FakeCluster c;
  FakeClock clock;
  auto objs = objects();
  objs.insert(objs.begin() + 1,
              json{{"apiVersion", "v1"}, {"kind", "Bad"}, {"metadata", {{"name", "x"}}}});
  auto r = deploy(c, objs, "shop", {}, clock);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "Bad/x: refused: spec.x is invalid");
  EXPECT_EQ(c.calls.size(), 2u);  // the ConfigMap, then the refused one; never the Deployment
}

}  // namespace
}  // namespace strata::cluster
