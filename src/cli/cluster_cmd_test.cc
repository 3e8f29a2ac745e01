// `strata deploy` and `strata scale` (the cluster plugin) refuse what they
// can refuse before reaching a cluster: missing services, replica counts
// and unknown options are usage errors (exit 2), with a hint where there is
// one. Rollouts themselves run in tests/e2e.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using Output = testsupport::CommandOutput;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Workspace {
  testutil::TempDir dir;
  Workspace() { dir.write("strata.json", "{}"); }
  Output run(const std::string& command, std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {command}, args);
  }
};

TEST(ClusterCommand, DeployWithoutServicesSaysHowToNameThem) {
  Workspace w;
  Output o = w.run("deploy", {"--env", "dev"});
  EXPECT_EQ(o.code, 2);
  EXPECT_TRUE(contains(o.err, "strata: error: name the services to deploy")) << o.err;
  EXPECT_TRUE(contains(o.err, "hint: strata deploy SERVICE... --env E, or --affected")) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(ClusterCommand, ScaleNeedsANonNegativeReplicaCount) {
  Workspace w;
  Output negative = w.run("scale", {"orders", "--replicas", "-1", "--env", "dev"});
  EXPECT_EQ(negative.code, 2);
  EXPECT_TRUE(contains(negative.err, "--replicas must be 0 or more")) << negative.err;
  Output missing = w.run("scale", {"orders", "--env", "dev"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_TRUE(contains(missing.err, "--replicas")) << missing.err;
  Output no_service = w.run("scale", {"--replicas", "2", "--env", "dev"});
  EXPECT_EQ(no_service.code, 2);
}

TEST(ClusterCommand, ReplicasMustBeANumber) {
  Workspace w;
  Output o = w.run("scale", {"orders", "--replicas", "three", "--env", "dev"});
  EXPECT_EQ(o.code, 2);
  EXPECT_TRUE(contains(o.err, "strata: error: ")) << o.err;
}

TEST(ClusterCommand, AnUnknownOptionIsAUsageError) {
  Workspace w;
  Output o = w.run("deploy", {"orders", "--env", "dev", "--replicas", "2"});
  EXPECT_EQ(o.code, 2);
  EXPECT_TRUE(contains(o.err, "--replicas")) << o.err;
}

}  // namespace
}  // namespace strata::cli
