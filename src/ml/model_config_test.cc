#include "ml/model_config.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::ml {
namespace {

// A valid model.json with `extra` spliced in as further top-level members
// (a later duplicate key wins in nlohmann, so `extra` can override).
std::string model_json(const std::string& extra = "") {
  return R"({"format_version": 1, "name": "iris", "version": "3", "framework": "sklearn",
    "training": {"seed": 42})" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

Result<ModelConfig> parse(const std::string& extra) {
  return parse_model_config("m/model.json", model_json(extra));
}

// The parse failed with an error that names the file and, in the message,
// `field`; it did not throw.
void expect_field_error(const std::string& extra, const std::string& field) {
  Result<ModelConfig> r = Error("not run");
  ASSERT_NO_THROW(r = parse(extra)) << extra;
  ASSERT_FALSE(r.ok()) << extra;
  EXPECT_EQ(r.error().loc.file, "m/model.json");
  EXPECT_NE(r.error().message.find(field), std::string::npos)
      << "'" << r.error().message << "' should name " << field;
}

TEST(ModelConfigParse, TheSmallestValidFileTakesTheDefaults) {
  auto r = parse("");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->name, "iris");
  EXPECT_EQ(r->version, "3");
  EXPECT_EQ(r->framework, "sklearn");
  EXPECT_EQ(r->seed, 42);
  EXPECT_EQ(r->params_file, "params.json");
  EXPECT_TRUE(r->params.empty());
  EXPECT_TRUE(r->metrics.empty());
  EXPECT_EQ(r->primary_metric, "");
  EXPECT_TRUE(r->higher_is_better);
  EXPECT_TRUE(r->gates.empty());
}

TEST(ModelConfigParse, ThePrimaryMetricDefaultsToTheFirstListed) {
  auto r = parse(R"("evaluation": {"metrics": ["rmse", "mae"], "higher_is_better": false})");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->primary_metric, "rmse");
  EXPECT_FALSE(r->higher_is_better);
  EXPECT_EQ(r->metrics, (std::vector<std::string>{"rmse", "mae"}));
}

TEST(ModelConfigParse, NonStringItemsOfAListAreLeftOut) {
  auto r = parse(R"("training": {"seed": 1, "params": ["a", 2, null, "b"], "data": "x.csv"})");
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->params, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(r->data.empty());
}

TEST(ModelConfigParse, SeedBoundaries) {
  auto big = parse(R"("training": {"seed": 9223372036854775807})");
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->seed, INT64_MAX);
  auto negative = parse(R"("training": {"seed": -1})");
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(negative->seed, -1);
  expect_field_error(R"("training": {"seed": 1.5})", "training.seed");
  expect_field_error(R"("training": {"seed": "7"})", "training.seed");
}

TEST(ModelConfigParse, GatesKeepTheirBoundsToleranceAndAliases) {
  auto r = parse(R"("gates": [
      {"name": "band", "kind": "threshold", "metric": "rmse", "min": 0, "max": 0.5},
      {"name": "nr", "kind": "no_regression", "metric": "rmse", "tolerance": 0.01,
       "aliases": ["production"]},
      {"name": "fresh", "kind": "fresh_evaluation"}])");
  ASSERT_TRUE(r.ok()) << r.error().str();
  ASSERT_EQ(r->gates.size(), 3u);
  EXPECT_EQ(r->gates[0].min, 0.0);  // zero is a bound, not "unset"
  EXPECT_EQ(r->gates[0].max, 0.5);
  EXPECT_EQ(r->gates[1].kind, GateKind::k_no_regression);
  EXPECT_DOUBLE_EQ(r->gates[1].tolerance, 0.01);
  EXPECT_EQ(r->gates[2].kind, GateKind::k_fresh_evaluation);
  EXPECT_FALSE(r->gates[2].min.has_value());
}

TEST(ModelConfigParse, AGateWithoutAliasesAppliesToEveryAlias) {
  Gate all{"g", GateKind::k_threshold, "m", {}, {}, 0, {}};
  EXPECT_TRUE(all.applies_to("production"));
  EXPECT_TRUE(all.applies_to(""));
  Gate prod{"g", GateKind::k_threshold, "m", {}, {}, 0, {"production"}};
  EXPECT_TRUE(prod.applies_to("production"));
  EXPECT_FALSE(prod.applies_to("Production"));
  EXPECT_FALSE(prod.applies_to("staging"));
}

TEST(ModelConfigParse, MissingRequiredStringsAreNamed) {
  for (const char* key : {"name", "version", "framework"}) {
    std::string extra = std::string("\"") + key + "\": 7";
    expect_field_error(extra, std::string(".") + key + " must be a string");
  }
}

TEST(ModelConfigParse, GateErrorsNameTheGateByIndex) {
  expect_field_error(R"("gates": [{"name": "ok", "kind": "fresh_evaluation"}, 5])",
                     "gates[1] must be an object");
  expect_field_error(R"("gates": [{"kind": "threshold", "metric": "m"}])", "gates[0].name");
  expect_field_error(R"("gates": [{"name": "floor", "kind": "threshold"}])",
                     "gates[0] (floor) needs a metric");
}

TEST(ModelConfigParse, UnknownOrMissingFormatVersionIsRefused) {
  auto r = parse_model_config("model.json", R"({"name": "x"})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("format_version"), std::string::npos);
  EXPECT_FALSE(parse(R"("format_version": 2)").ok());
}

TEST(ModelConfigParse, ATopLevelArrayIsRefused) {
  auto r = parse_model_config("model.json", "[1, 2]");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expected a JSON object"), std::string::npos);
}

TEST(ModelConfigParse, ASyntaxErrorIsLocatedAtLineAndColumn) {
  auto r = parse_model_config("m/model.json", "{\n  \"name\": ,\n}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.file, "m/model.json");
  EXPECT_EQ(r.error().loc.line, 2);
  EXPECT_GT(r.error().loc.col, 0);
}

// Fields of the wrong JSON type are errors naming the field, never an
// exception out of the JSON library.
TEST(ModelConfigParse, WrongTypesAreErrorsNotExceptions) {
  expect_field_error(R"("format_version": "1")", "format_version");
  expect_field_error(R"("training": {"seed": 1, "params_file": 5})", "training.params_file");
  expect_field_error(R"("evaluation": [])", "evaluation");
  expect_field_error(R"("evaluation": {"primary": 3})", "evaluation.primary");
  expect_field_error(R"("evaluation": {"higher_is_better": "yes"})", "evaluation.higher_is_better");
  expect_field_error(R"("deployment": "python")", "deployment");
  expect_field_error(R"("deployment": {"backend": true})", "deployment.backend");
  expect_field_error(R"("gates": {"name": "g"})", "gates");
  expect_field_error(R"("gates": [{"name": "g", "kind": 1}])", "gates[0].kind");
  expect_field_error(R"("gates": [{"name": "g", "kind": "threshold", "metric": ["m"]}])",
                     "gates[0].metric");
}

TEST(LoadModelConfig, AMissingFileIsNotFoundWithAHint) {
  testutil::TempDir t;
  auto r = load_model_config(t.root());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::k_not_found);
  EXPECT_EQ(r.error().loc.file, (t.root() / "model.json").string());
  EXPECT_NE(r.error().hint.find("strata generate model"), std::string::npos);
}

TEST(LoadModelConfig, ReadsTheProjectsFile) {
  testutil::TempDir t;
  t.write("model.json", model_json());
  auto r = load_model_config(t.root());
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->name, "iris");
}

}  // namespace
}  // namespace strata::ml
