#include "ml/gates.h"

#include <gtest/gtest.h>

namespace strata::ml {
namespace {

ModelConfig config() {
  auto c = parse_model_config("model.json", R"({
    "format_version": 1, "name": "iris", "version": "1", "framework": "sklearn",
    "training": {"params": ["model.depth"], "seed": 7, "data": ["data/d.csv"]},
    "evaluation": {"metrics": ["accuracy"], "primary": "accuracy"},
    "deployment": {"backend": "python", "inputs": [], "outputs": []},
    "gates": [
      {"name": "floor", "kind": "threshold", "metric": "accuracy", "min": 0.8},
      {"name": "no-regression", "kind": "no_regression", "metric": "accuracy", "tolerance": 0.02, "aliases": ["production"]},
      {"name": "fresh", "kind": "fresh_evaluation"}
    ]})");
  EXPECT_TRUE(c) << c.error().message;
  return *c;
}

GateCandidate candidate(double accuracy, std::string data = "sha256:now") {
  return {"2", {{"accuracy", accuracy}}, std::move(data)};
}

TEST(Gates, AThresholdRefusalNamesTheGateTheValueAndTheMinimum) {
  auto st = check_gates(config(), "staging", candidate(0.5), std::nullopt, "sha256:now");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message,
            "promotion refused by gate 'floor': accuracy 0.5 is below the minimum 0.8");
  EXPECT_EQ(st.error().kind, ErrorKind::k_conflict);
}

TEST(Gates, NoRegressionComparesWithTheAliasHolderWithinTheTolerance) {
  GateCandidate holder{"1", {{"accuracy", 0.95}}, "sha256:now"};
  EXPECT_TRUE(check_gates(config(), "production", candidate(0.94), holder, "sha256:now"));
  auto st = check_gates(config(), "production", candidate(0.90), holder, "sha256:now");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("gate 'no-regression'"), std::string::npos);
  EXPECT_NE(st.error().message.find("threshold 0.93"), std::string::npos);
  // The gate lists production only.
  EXPECT_TRUE(check_gates(config(), "staging", candidate(0.90), holder, "sha256:now"));
}

TEST(Gates, AnEvaluationOnOtherDataIsStale) {
  auto st =
      check_gates(config(), "staging", candidate(0.9, "sha256:old"), std::nullopt, "sha256:now");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("gate 'fresh'"), std::string::npos);
  EXPECT_NE(st.error().message.find("sha256:old"), std::string::npos);
}

TEST(ModelConfig, ErrorsNameTheFileAndTheField) {
  auto bad =
      parse_model_config("m/model.json", R"({"format_version": 1, "name": "x", "version": "1",
    "framework": "sklearn", "training": {"params": []}})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().loc.file, "m/model.json");
  EXPECT_NE(bad.error().message.find("training.seed"), std::string::npos);
  auto gate = parse_model_config("model.json", R"({"format_version": 1, "name": "x", "version": "1",
    "framework": "sklearn", "training": {"params": [], "seed": 1},
    "gates": [{"name": "g", "kind": "sometimes"}]})");
  ASSERT_FALSE(gate);
  EXPECT_NE(gate.error().message.find("gates[0].kind"), std::string::npos);
  EXPECT_FALSE(parse_model_config("model.json", R"({"format_version": 2})"));
}

}  // namespace
}  // namespace strata::ml
