#include "serve/served_models.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace strata::serve {
namespace {

namespace fs = std::filesystem;

// Echoes its first input as the output "y".
class Echo : public ModelInstance {
 public:
  Result<std::vector<Tensor>> infer(const std::vector<Tensor>& inputs) override {
    Tensor y = inputs[0];
    y.name = "y";
    return std::vector<Tensor>{y};
  }
};

Manifest echo_manifest() {
  Manifest m;
  m.name = "echo";
  m.version = "1";
  m.inputs = {{"x", DataType::k_fp32, {-1, 2}}};
  m.outputs = {{"y", DataType::k_fp32, {-1, 2}}};
  return m;
}

std::shared_ptr<LoadedModel> echo_model() {
  std::vector<std::unique_ptr<ModelInstance>> instances;
  instances.push_back(std::make_unique<Echo>());
  return std::make_shared<LoadedModel>(echo_manifest(), ResolvedModel{"echo", "1", {}},
                                       ModelConfig{}, std::move(instances));
}

Tensor input(std::string name, DataType t, std::vector<int64_t> shape) {
  Tensor x{std::move(name), t, std::move(shape), {}};
  x.data.assign(*x.element_count() * element_size(t), '\0');
  return x;
}

TEST(LoadedModelTest, ChecksInputsAgainstTheManifest) {
  auto m = echo_model();
  EXPECT_TRUE(m->infer({input("x", DataType::k_fp32, {3, 2})}));
  EXPECT_FALSE(m->infer({input("z", DataType::k_fp32, {3, 2})}));  // unknown name
  EXPECT_FALSE(m->infer({input("x", DataType::k_fp64, {3, 2})}));  // datatype
  EXPECT_FALSE(m->infer({input("x", DataType::k_fp32, {3, 3})}));  // fixed dimension
  EXPECT_FALSE(m->infer({input("x", DataType::k_fp32, {6})}));     // rank
  EXPECT_FALSE(m->infer({}));
  EXPECT_EQ(m->stats().success.load(), 1u);
  EXPECT_EQ(m->stats().failure.load(), 5u);
  EXPECT_EQ(m->stats().rows.load(), 3u);
}

TEST(LoadedModelTest, RendersItsMetricsWithModelAndVersion) {
  auto m = echo_model();
  ASSERT_TRUE(m->infer({input("x", DataType::k_fp32, {1, 2})}));
  std::string text = render_model_stats(m->stats(), R"(model="echo",version="1")");
  EXPECT_NE(
      text.find(R"(strata_serve_requests_total{model="echo",version="1",outcome="success"} 1)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(strata_serve_compute_duration_seconds_count{model="echo",version="1"} 1)"),
            std::string::npos);
}

TEST(ModelConfigTest, PerModelSettingsOverrideTheDefaults) {
  auto path =
      fs::temp_directory_path() / ("strata-serve-config-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path)
      << R"({"iris": {"max_batch_size": 32, "preferred_batch_sizes": [8, 16], "instances": 2}})";
  ModelConfig defaults;
  defaults.batching.max_queue_delay = std::chrono::microseconds(100);
  auto configs = read_model_configs(path.string(), defaults);
  ASSERT_TRUE(configs) << configs.error().str();
  const auto& iris = configs->at("iris");
  EXPECT_EQ(iris.batching.max_batch_size, 32);
  EXPECT_EQ(iris.batching.preferred_batch_sizes, (std::vector<int64_t>{8, 16}));
  EXPECT_EQ(iris.batching.instances, 2);
  EXPECT_EQ(iris.batching.max_queue_delay.count(), 100);
  std::ofstream(path) << R"({"iris": {"max_batch": 32}})";
  auto bad = read_model_configs(path.string(), defaults);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("max_batch"), std::string::npos);
  fs::remove(path);
}

TEST(ManifestTest, ParsesTheContractAndRefusesWhatIsWrong) {
  auto m = parse_manifest(
      "m.json", R"({"format_version": 1, "name": "iris", "version": "3", "backend": "python",
      "file": "predict.py", "python": {"function": "run"},
      "inputs": [{"name": "input", "datatype": "FP64", "shape": [-1, 4]}],
      "outputs": [{"name": "p", "datatype": "FP64", "shape": [-1, 3]}]})");
  ASSERT_TRUE(m) << m.error().str();
  EXPECT_EQ(m->backend, Backend::k_python);
  EXPECT_EQ(m->python_function, "run");
  EXPECT_TRUE(m->batchable());
  EXPECT_FALSE(parse_manifest("m.json", R"({"format_version": 2})"));
  EXPECT_FALSE(parse_manifest(
      "m.json", R"({"format_version": 1, "name": "a", "version": "1", "backend": "onnx",
      "file": "m", "inputs": [{"name": "x", "datatype": "FP32", "shape": [1]}],
      "outputs": [{"name": "y", "datatype": "FP32", "shape": [1]}]})"));
  EXPECT_FALSE(parse_manifest(
      "m.json", R"({"format_version": 1, "name": "a", "version": "1", "backend": "python",
      "file": "../escape.py", "inputs": [{"name": "x", "datatype": "FP32", "shape": [1]}],
      "outputs": [{"name": "y", "datatype": "FP32", "shape": [1]}]})"));
}

}  // namespace
}  // namespace strata::serve
