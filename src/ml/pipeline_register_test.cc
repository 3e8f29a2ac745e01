// MLPipeline::register_model over a real registry (SQLite, artefact store)
// with a fake training port: what the evaluate and train steps wrote is
// read defensively, since those files come from the model's own scripts.

#include <gtest/gtest.h>

#include "db/database.h"
#include "ml/pipeline.h"
#include "registry/model_registry.h"
#include "util/temp_dir.h"

namespace strata::ml {
namespace {

class OkPort final : public TrainingPort {
 public:
  Result<std::vector<TargetOutcome>> run(const std::vector<std::string>& models,
                                         const std::string& target) override {
    std::vector<TargetOutcome> out;
    for (const auto& m : models) out.push_back({m, target, result, "key-" + m, "", 1});
    return out;
  }
  std::string last_key(const std::string& model, const std::string&) override {
    return "key-" + model;
  }
  RunResult result = RunResult::k_ran;
};

struct Fixture {
  testutil::TempDir dir;
  std::unique_ptr<db::DatabaseManager> db;
  std::unique_ptr<registry::ModelRegistry> reg;
  OkPort port;

  Fixture() {
    auto opened = db::open_database("sqlite:" + dir.path("registry.sqlite").string());
    EXPECT_TRUE(opened.ok());
    db = std::move(*opened);
    reg = std::make_unique<registry::ModelRegistry>(*db,
                                                    registry::ArtifactStore(dir.path("artifacts")));
    EXPECT_TRUE(reg->open().ok());
    dir.write("models/iris/model.json", R"({"format_version": 1, "name": "iris", "version": "1",
      "framework": "sklearn", "training": {"seed": 7, "data": ["data/d.csv"]}})");
    dir.write("models/iris/data/d.csv", "x\n1\n");
    dir.write("models/iris/export/model.pkl", "weights");
    dir.write("models/iris/export/strata-model.json",
              R"({"format_version": 1, "name": "iris", "version": "1", "backend": "python",
      "file": "model.pkl", "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 4]}],
      "outputs": [{"name": "y", "datatype": "INT64", "shape": [-1]}]})");
    dir.write("models/iris/artifacts/train/metrics.json", R"({"params": {"depth": 3}})");
  }
  Result<registry::ModelVersion> register_with(const std::string& evaluation) {
    dir.write("models/iris/artifacts/evaluation.json", evaluation);
    MLPipeline p({{"iris", dir.path("models/iris")}}, port, reg.get());
    return p.register_model("iris", "abc123");
  }
};

TEST(RegisterModel, RecordsMetricsParamsSeedAndTheEvaluationsDataHash) {
  Fixture f;
  auto v = f.register_with(R"({"metrics": {"accuracy": 0.9}, "data_hash": "sha256:x"})");
  ASSERT_TRUE(v.ok()) << v.error().str();
  EXPECT_EQ(v->metrics["accuracy"], 0.9);
  EXPECT_EQ(v->evaluation_data_hash, "sha256:x");
}

TEST(RegisterModel, ADataHashOfAnotherTypeIsReadAsMissingNotThrown) {
  Fixture f;
  Result<registry::ModelVersion> v = Error("not run");
  ASSERT_NO_THROW(v = f.register_with(R"({"metrics": {"accuracy": 0.9}, "data_hash": null})"));
  ASSERT_TRUE(v.ok()) << v.error().str();
  EXPECT_EQ(v->evaluation_data_hash, "");
}

TEST(RegisterModel, AMissingEvaluationNamesTheCommandToRun) {
  Fixture f;
  MLPipeline p({{"iris", f.dir.path("models/iris")}}, f.port, f.reg.get());
  auto v = p.register_model("iris", "abc");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::k_not_found);
  EXPECT_EQ(v.error().hint, "strata evaluate iris");
}

TEST(RegisterModel, AnEvaluationThatIsNoObjectIsCorrupt) {
  Fixture f;
  auto v = f.register_with("[1, 2]");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::k_corruption);
}

TEST(RegisterModel, AFailedStepStopsBeforeAnythingIsRegistered) {
  Fixture f;
  f.port.result = RunResult::k_failed;
  auto v = f.register_with(R"({"metrics": {}})");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("iris"), std::string::npos) << v.error().message;
  EXPECT_FALSE(f.dir.exists("artifacts/sha256"));
}

}  // namespace
}  // namespace strata::ml
