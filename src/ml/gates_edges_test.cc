// The gates' less common paths: maximums, metrics that are missing or not
// numbers, lower-is-better regressions, aliases a gate does not cover and
// which refusal wins when several gates would refuse.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ml/gates.h"

namespace strata::ml {
namespace {

using ::testing::HasSubstr;

ModelConfig config(const std::string& gates, bool higher_is_better = true) {
  auto c =
      parse_model_config("model.json", R"({
    "format_version": 1, "name": "iris", "version": "1", "framework": "sklearn",
    "training": {"params": [], "seed": 1, "data": []},
    "evaluation": {"metrics": ["loss"], "primary": "loss", "higher_is_better": )" +
                                           std::string(higher_is_better ? "true" : "false") + R"(},
    "deployment": {"backend": "python", "inputs": [], "outputs": []},
    "gates": )" + gates + "}");
  EXPECT_TRUE(c) << c.error().str();
  return c ? *c : ModelConfig{};
}

GateCandidate version(std::string v, nlohmann::json metrics, std::string data = "sha256:now") {
  return {std::move(v), std::move(metrics), std::move(data)};
}

TEST(GateEdges, AMaximumRefusesAValueAboveIt) {
  auto c = config(R"([{"name": "cap", "kind": "threshold", "metric": "loss", "max": 0.3}])");
  auto st = check_gates(c, "prod", version("2", {{"loss", 0.45}}), std::nullopt, "sha256:now");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message,
            "promotion refused by gate 'cap': loss 0.45 is above the maximum 0.3");
  EXPECT_THAT(st.error().hint, HasSubstr("model.json"));
  EXPECT_TRUE(check_gates(c, "prod", version("2", {{"loss", 0.3}}), std::nullopt, "sha256:now"));
}

TEST(GateEdges, AMissingOrNonNumericMetricIsARefusalNotAPass) {
  auto c = config(R"([{"name": "floor", "kind": "threshold", "metric": "loss", "min": 0}])");
  for (const nlohmann::json& metrics :
       {nlohmann::json::object(), nlohmann::json{{"loss", "0.1"}},
        nlohmann::json{{"loss", nullptr}}, nlohmann::json::array()}) {
    auto st = check_gates(c, "prod", version("4", metrics), std::nullopt, "sha256:now");
    ASSERT_FALSE(st) << metrics.dump();
    EXPECT_THAT(st.error().message, HasSubstr("version 4 has no metric loss")) << metrics.dump();
  }
}

TEST(GateEdges, LowerIsBetterRegressesUpwards) {
  auto c = config(
      R"([{"name": "steady", "kind": "no_regression", "metric": "loss", "tolerance": 0.05}])",
      false);
  auto holder = version("1", {{"loss", 0.2}});
  EXPECT_TRUE(check_gates(c, "prod", version("2", {{"loss", 0.1}}), holder, "sha256:now"));
  EXPECT_TRUE(check_gates(c, "prod", version("2", {{"loss", 0.25}}), holder, "sha256:now"));
  auto st = check_gates(c, "prod", version("2", {{"loss", 0.3}}), holder, "sha256:now");
  ASSERT_FALSE(st);
  EXPECT_THAT(st.error().message,
              HasSubstr("loss 0.3 regresses from 0.2 (prod's current version 1)"));
  EXPECT_THAT(st.error().message, HasSubstr("threshold 0.25"));
}

TEST(GateEdges, NoRegressionPassesWithoutAComparableHolder) {
  auto c = config(R"([{"name": "steady", "kind": "no_regression", "metric": "loss"}])");
  auto worse = version("2", {{"loss", 0.0}});
  EXPECT_TRUE(check_gates(c, "prod", worse, std::nullopt, "sha256:now"));
  // A holder registered before the metric existed cannot be compared with.
  EXPECT_TRUE(check_gates(c, "prod", worse, version("1", {{"accuracy", 0.9}}), "sha256:now"));
  // But the candidate must have it.
  EXPECT_FALSE(check_gates(c, "prod", version("2", {}), version("1", {{"loss", 1}}), "sha256:now"));
}

TEST(GateEdges, AGateListingAliasesLeavesOthersAlone) {
  auto c = config(
      R"([{"name": "floor", "kind": "threshold", "metric": "loss", "min": 0.9, "aliases": ["production"]}])");
  auto weak = version("2", {{"loss", 0.1}});
  EXPECT_TRUE(check_gates(c, "staging", weak, std::nullopt, "sha256:now"));
  EXPECT_FALSE(check_gates(c, "production", weak, std::nullopt, "sha256:now"));
}

TEST(GateEdges, AnUnknownEvaluationDataIsNamedUnknown) {
  auto c = config(R"([{"name": "fresh", "kind": "fresh_evaluation"}])");
  auto st = check_gates(c, "prod", version("3", {}, ""), std::nullopt, "sha256:now");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message,
            "promotion refused by gate 'fresh': version 3 was evaluated on data unknown but the "
            "data is now sha256:now");
}

TEST(GateEdges, TheFirstGateInFileOrderThatRefusesIsTheError) {
  auto c = config(R"([
      {"name": "fresh", "kind": "fresh_evaluation"},
      {"name": "floor", "kind": "threshold", "metric": "loss", "min": 0.9}])");
  auto st = check_gates(c, "prod", version("2", {{"loss", 0.1}}, "sha256:old"), std::nullopt,
                        "sha256:now");
  ASSERT_FALSE(st);
  EXPECT_THAT(st.error().message, HasSubstr("gate 'fresh'"));
}

TEST(GateEdges, NoGatesAllowEveryMove) {
  auto c = config("[]");
  EXPECT_TRUE(check_gates(c, "prod", version("2", {}, ""), std::nullopt, "sha256:now"));
}

}  // namespace
}  // namespace strata::ml
