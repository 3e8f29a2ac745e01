#include "gen/model_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "gen/install_plan.h"
#include "gen/scratch_dir.h"

namespace strata::gen {
namespace {

using testing::ScratchDir;

const PlannedFile* planned(const WritePlan& plan, const std::string& path) {
  for (const auto& f : plan.files())
    if (f.path == path) return &f;
  return nullptr;
}

class AllTools final : public ToolProbe {
 public:
  bool has_program(std::string_view) const override { return true; }
  bool has_header(std::string_view) const override { return true; }
};

TEST(ModelGenerator, PlansAModelProjectWithItsTargets) {
  ScratchDir dir;
  auto plan = plan_model(dir.root(), {"churn", "xgboost", "", false});
  ASSERT_TRUE(plan) << plan.error().message;
  const PlannedFile* project = planned(*plan, "models/churn/project.json");
  ASSERT_TRUE(project);
  auto doc = nlohmann::json::parse(project->content);
  EXPECT_EQ(doc["name"], "churn");
  EXPECT_NE(std::find(doc["tags"].begin(), doc["tags"].end(), "type:model"), doc["tags"].end());
  for (const char* target : {"train", "evaluate", "export", "test", "lint"})
    EXPECT_TRUE(doc["targets"].contains(target)) << target;
  EXPECT_TRUE(doc["targets"]["train"]["cache"].get<bool>());
  EXPECT_TRUE(planned(*plan, "models/churn/src/churn_model/model.py"));
  EXPECT_TRUE(planned(*plan, "models/churn/data/dataset.csv"));
  EXPECT_TRUE(planned(*plan, "tools/schemas/model.schema.json"));
}

TEST(ModelGenerator, ModelJsonDeclaresTheFrameworksParamsAndBackend) {
  ScratchDir dir;
  auto plan = plan_model(dir.root(), {"iris", "pytorch", "", false});
  ASSERT_TRUE(plan) << plan.error().message;
  auto model = nlohmann::json::parse(planned(*plan, "models/iris/model.json")->content);
  EXPECT_EQ(model["framework"], "pytorch");
  EXPECT_EQ(model["deployment"]["backend"], "torchscript");
  EXPECT_EQ(model["$schema"], "../../tools/schemas/model.schema.json");
  auto params = nlohmann::json::parse(planned(*plan, "models/iris/params.json")->content);
  for (const auto& key : model["training"]["params"]) {
    std::string k = key.get<std::string>().substr(std::string("model.").size());
    EXPECT_TRUE(params["model"].contains(k)) << k;
  }
}

TEST(ModelGenerator, AContextPutsTheModelInsideItAndTagsIt) {
  ScratchDir dir;
  auto plan = plan_model(dir.root(), {"scoring", "sklearn", "billing", false});
  ASSERT_TRUE(plan) << plan.error().message;
  const PlannedFile* project = planned(*plan, "contexts/billing/models/scoring/project.json");
  ASSERT_TRUE(project);
  EXPECT_NE(project->content.find("\"context:billing\""), std::string::npos);
}

TEST(ModelGenerator, RefusesAnUnknownFrameworkWithAHint) {
  ScratchDir dir;
  auto plan = plan_model(dir.root(), {"iris", "sklern", "", false});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().hint, "did you mean 'sklearn'?");
}

TEST(ModelGenerator, TheModelGetsItsOwnVenvPyTorchsSeesTheSystemPackages) {
  ScratchDir dir;
  auto plan = plan_model(dir.root(), {"iris", "pytorch", "", false});
  ASSERT_TRUE(plan);
  auto installs = plan_installs(*plan, AllTools());
  ASSERT_EQ(installs.steps.size(), 1u);
  const auto& step = installs.steps[0];
  EXPECT_EQ(step.cwd, dir.root() / "models/iris");
  ASSERT_EQ(step.commands.size(), 2u);
  EXPECT_EQ(step.commands[0], (std::vector<std::string>{"/usr/bin/python3", "-m", "venv",
                                                        "--system-site-packages", ".venv"}));
  EXPECT_EQ(step.stamp_path, "models/iris/.venv/strata-requirements.txt");
}

}  // namespace
}  // namespace strata::gen
