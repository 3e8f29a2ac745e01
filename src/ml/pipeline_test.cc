#include "ml/pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace strata::ml {
namespace {

namespace fs = std::filesystem;

class FakePort final : public TrainingPort {
 public:
  Result<std::vector<TargetOutcome>> run(const std::vector<std::string>& models,
                                         const std::string& target) override {
    std::vector<TargetOutcome> out;
    for (const auto& m : models) {
      calls.push_back(m + ":" + target);
      out.push_back({m, target, RunResult::k_ran, "key-" + m, "", 1});
    }
    return out;
  }
  std::string last_key(const std::string& model, const std::string&) override {
    return "key-" + model;
  }
  std::vector<std::string> calls;
};

TEST(MLPipeline, TrainsTheNamedOrAffectedModelsOnly) {
  FakePort port;
  MLPipeline p({{"a", "/a"}, {"b", "/b"}, {"c", "/c"}}, port, nullptr);
  ASSERT_TRUE(p.train_models({}));
  EXPECT_EQ(port.calls, (std::vector<std::string>{"a:train", "b:train", "c:train"}));
  port.calls.clear();
  ASSERT_TRUE(p.train_models({}, std::vector<std::string>{"b", "lib"}));
  EXPECT_EQ(port.calls, (std::vector<std::string>{"b:train"}));
  port.calls.clear();
  auto none = p.train_models({}, std::vector<std::string>{});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(port.calls.empty());
}

TEST(MLPipeline, AnUnknownModelGetsADidYouMean) {
  FakePort port;
  MLPipeline p({{"iris", "/iris"}}, port, nullptr);
  auto r = p.train_models({"irs"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().hint, "did you mean 'iris'?");
}

TEST(MLPipeline, TheDataHashCoversEveryDeclaredFileInOrder) {
  fs::path dir = fs::temp_directory_path() / ("strata-ml-" + std::to_string(::getpid()));
  fs::create_directories(dir / "data");
  std::ofstream(dir / "data/a.csv") << "x\n1\n";
  ModelConfig c;
  c.data = {"data/a.csv"};
  auto one = data_hash(dir, c);
  ASSERT_TRUE(one);
  // sha256("<sha256 of the file> data/a.csv\n"), as the model's data.py computes it.
  EXPECT_EQ(one->substr(0, 7), "sha256:");
  std::ofstream(dir / "data/a.csv") << "x\n2\n";
  EXPECT_NE(*data_hash(dir, c), *one);
  EXPECT_EQ(data_hashes(dir, c)["data/a.csv"].get<std::string>().substr(0, 7), "sha256:");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace strata::ml
