// What the server checks before and after a backend runs: the model's file
// is there before any backend is opened, and what a backend returns matches
// the manifest (count, order, names, datatypes, sizes) or is an internal
// error, never passed on to a client as if it were the model's answer.

#include "serve/backend.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::serve {
namespace {

Manifest two_outputs() {
  Manifest m;
  m.name = "iris";
  m.version = "3";
  m.backend = Backend::k_python;
  m.file = "predict.py";
  m.inputs = {{"x", DataType::k_fp32, {-1, 4}}};
  m.outputs = {{"label", DataType::k_int64, {-1}}, {"p", DataType::k_fp32, {-1, 3}}};
  return m;
}

Tensor tensor(std::string name, DataType t, std::vector<int64_t> shape) {
  Tensor x{std::move(name), t, std::move(shape), {}};
  x.data.assign(*x.element_count() * element_size(t), '\0');
  return x;
}

std::vector<Tensor> good_outputs() {
  return {tensor("label", DataType::k_int64, {2}), tensor("p", DataType::k_fp32, {2, 3})};
}

TEST(CheckOutputsTest, AcceptsWhatTheManifestDeclares) {
  EXPECT_TRUE(check_outputs(two_outputs(), good_outputs()));
}

TEST(CheckOutputsTest, ACountOtherThanTheManifestsIsInternal) {
  auto outs = good_outputs();
  outs.pop_back();
  auto st = check_outputs(two_outputs(), outs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::k_internal);
  EXPECT_EQ(st.error().message, "the model returned 1 outputs, its manifest declares 2");
  EXPECT_FALSE(check_outputs(two_outputs(), {}));
}

TEST(CheckOutputsTest, OutputsOutOfTheManifestsOrderAreRefused) {
  auto outs = good_outputs();
  std::swap(outs[0], outs[1]);
  auto st = check_outputs(two_outputs(), outs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "output 'label' came back as FP32 'p'");
}

TEST(CheckOutputsTest, AWrongNameOrDatatypeIsNamed) {
  auto renamed = good_outputs();
  renamed[1].name = "probabilities";
  auto st = check_outputs(two_outputs(), renamed);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "output 'p' came back as FP32 'probabilities'");

  auto retyped = good_outputs();
  retyped[0] = tensor("label", DataType::k_int32, {2});
  st = check_outputs(two_outputs(), retyped);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "output 'label' came back as INT32 'label'");
  EXPECT_EQ(st.error().kind, ErrorKind::k_internal);
}

TEST(CheckOutputsTest, DataThatDoesNotFitTheShapeIsInternal) {
  for (size_t cut : {size_t{1}, size_t{4}, size_t{24}}) {
    auto outs = good_outputs();
    outs[1].data.resize(outs[1].data.size() - cut);
    auto st = check_outputs(two_outputs(), outs);
    ASSERT_FALSE(st) << cut;
    EXPECT_EQ(st.error().kind, ErrorKind::k_internal);
  }
  // Named as an output: the client sent nothing wrong (it said "input" before).
  auto short_p = good_outputs();
  short_p[1].data.resize(20);
  EXPECT_EQ(check_outputs(two_outputs(), short_p).error().message,
            "output 'p' has 20 bytes of data, but its shape and datatype need 24");
  auto longer = good_outputs();
  longer[0].data += '\0';
  EXPECT_FALSE(check_outputs(two_outputs(), longer));
}

TEST(CheckOutputsTest, ANegativeDimensionInAnOutputIsRefused) {
  auto outs = good_outputs();
  outs[0].shape = {-1};
  auto st = check_outputs(two_outputs(), outs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "output 'label' has an invalid shape");
}

TEST(LoadInstanceTest, AMissingModelFileIsNotFoundAtTheManifest) {
  testutil::TempDir dir;
  for (Backend b : {Backend::k_python, Backend::k_xgboost, Backend::k_torchscript}) {
    Manifest m = two_outputs();
    m.backend = b;
    auto r = load_instance(m, dir.root(), BackendOptions{});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::k_not_found);
    EXPECT_EQ(r.error().message, "model 'iris' version 3: its file 'predict.py' is missing");
    EXPECT_EQ(r.error().loc.file, (dir.root() / "strata-model.json").string());
  }
}

TEST(LoadInstanceTest, APythonInterpreterThatIsNotThereIsAnErrorNotAHang) {
  testutil::TempDir dir;
  dir.write("predict.py", "def predict(inputs):\n    return {}\n");
  BackendOptions options;
  options.python = dir.path("no-such-python").string();
  auto r = load_instance(two_outputs(), dir.root(), options);
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().message.empty());
}

}  // namespace
}  // namespace strata::serve
