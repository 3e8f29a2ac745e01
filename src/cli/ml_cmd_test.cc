// `strata train` and `strata evaluate` run in-process for what they decide
// without training: no model projects, unknown model names with a hint,
// and `train --explain` (the verdict on the training key, text and JSON).
// Training itself runs tasks and is covered by test_ml.sh.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
    dir.write("tools/project.json", R"({"name": "tools", "targets": {"build": {}}})");
  }
  void add_model(const std::string& name) {
    dir.write("models/" + name + "/project.json",
              json{{"name", name},
                   {"tags", {"type:model"}},
                   {"targets", {{"train", {{"command", "python train.py"}}}}}}
                  .dump());
    dir.write("models/" + name + "/train.py", "print('train')\n");
  }
  Output run(const std::vector<std::string>& args) {
    return testsupport::run_in(dir.root(), {}, args);
  }
};

TEST(TrainCommand, AWorkspaceWithoutModelsHasNothingToTrain) {
  Workspace w;
  Output o = w.run({"train"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "No models to run.\n");
  Output j = w.run({"train", "--json"});
  EXPECT_EQ(j.code, 0) << j.err;
  EXPECT_EQ(json::parse(j.out), (json{{"models", json::array()}}));
  Output e = w.run({"evaluate"});
  EXPECT_EQ(e.code, 0) << e.err;
  EXPECT_EQ(e.out, "No models to run.\n");
}

TEST(TrainCommand, AnUnknownModelSuggestsACloseOne) {
  Workspace w;
  w.add_model("iris");
  Output o = w.run({"train", "irsi"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("no model project named 'irsi'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("iris"), std::string::npos) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(TrainCommand, AProjectThatIsNoModelIsRefusedWithHowToMakeOne) {
  Workspace w;
  Output o = w.run({"evaluate", "tools"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("no model project named 'tools'"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("type:model"), std::string::npos) << o.err;
}

TEST(TrainCommand, ExplainSaysAFreshModelWouldTrain) {
  Workspace w;
  w.add_model("iris");
  Output o = w.run({"train", "--explain", "iris"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out.rfind("iris would train: no run with this training key is cached\n", 0), 0u)
      << o.out;
  EXPECT_NE(o.out.find("models/iris/train.py"), std::string::npos) << o.out;  // an input
}

TEST(TrainCommand, ExplainAsJsonCarriesTheVerdict) {
  Workspace w;
  w.add_model("iris");
  Output o = w.run({"train", "--explain", "iris", "--json"});
  EXPECT_EQ(o.code, 0) << o.err;
  json doc = json::parse(o.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << o.out;
  EXPECT_EQ(doc["verdict"], "would train: no run with this training key is cached");
}

TEST(TrainCommand, ExplainOfAnUnknownModelFails) {
  Workspace w;
  Output o = w.run({"train", "--explain", "nope"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("nope"), std::string::npos) << o.err;
}

TEST(TrainCommand, ExplainChangesWithTheTrainingCode) {
  Workspace w;
  w.add_model("iris");
  json before = json::parse(w.run({"train", "--explain", "iris", "--json"}).out);
  w.dir.write("models/iris/train.py", "print('train harder')\n");
  json after = json::parse(w.run({"train", "--explain", "iris", "--json"}).out);
  ASSERT_TRUE(before.contains("hash")) << before.dump();
  EXPECT_NE(before["hash"], after["hash"]);
}

}  // namespace
}  // namespace strata::cli
