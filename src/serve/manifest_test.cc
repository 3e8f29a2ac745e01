#include "serve/manifest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "util/temp_dir.h"

namespace strata::serve {
namespace {

using nlohmann::json;

// A valid python-backend manifest with `patch` merged over it (a null
// value removes the key).
json manifest(const json& patch = json::object()) {
  json m = {{"format_version", 1},
            {"name", "iris"},
            {"version", "3"},
            {"backend", "python"},
            {"file", "predict.py"},
            {"inputs", {{{"name", "x"}, {"datatype", "FP32"}, {"shape", {-1, 4}}}}},
            {"outputs", {{{"name", "y"}, {"datatype", "INT64"}, {"shape", {-1}}}}}};
  m.merge_patch(patch);
  return m;
}

Result<Manifest> parse(const json& m) { return parse_manifest("m/strata-model.json", m.dump()); }

// Refused, with an error naming the file and holding `words`.
void expect_refused(const json& patch, const std::string& words) {
  auto r = parse(manifest(patch));
  ASSERT_FALSE(r.ok()) << patch.dump();
  EXPECT_EQ(r.error().loc.file, "m/strata-model.json");
  EXPECT_NE(r.error().message.find(words), std::string::npos)
      << "'" << r.error().message << "' should hold '" << words << "'";
}

TEST(ParseManifest, ReadsEveryField) {
  auto r = parse(manifest());
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->name, "iris");
  EXPECT_EQ(r->version, "3");
  EXPECT_EQ(r->file, "predict.py");
  EXPECT_EQ(r->python_function, "predict");  // the default
  ASSERT_EQ(r->inputs.size(), 1u);
  EXPECT_EQ(r->inputs[0].datatype, DataType::k_fp32);
  EXPECT_EQ(r->inputs[0].shape, (std::vector<int64_t>{-1, 4}));
  EXPECT_EQ(r->outputs[0].datatype, DataType::k_int64);
}

TEST(ParseManifest, EachBackendByName) {
  for (auto [name, backend] : {std::pair{"torchscript", Backend::k_torchscript},
                               {"xgboost", Backend::k_xgboost},
                               {"python", Backend::k_python}}) {
    auto r = parse(manifest({{"backend", name}}));
    ASSERT_TRUE(r.ok()) << name;
    EXPECT_EQ(r->backend, backend);
    EXPECT_STREQ(backend_name(backend), name);
  }
  auto torch = parse(manifest({{"backend", "torchscript"}, {"python", {{"function", "f"}}}}));
  ASSERT_TRUE(torch.ok());
  EXPECT_EQ(torch->python_function, "");  // only the python backend calls a function
}

TEST(ParseManifest, RequiredStringsMustBeNonEmpty) {
  for (const char* key : {"name", "version", "file", "backend"}) {
    expect_refused({{key, nullptr}}, std::string("'") + key + "'");
    expect_refused({{key, ""}}, std::string("'") + key + "'");
    expect_refused({{key, 3}}, std::string("'") + key + "'");
  }
}

TEST(ParseManifest, TheFileMustStayInsideTheModelDirectory) {
  expect_refused({{"file", "/etc/passwd"}}, "inside the model's directory");
  expect_refused({{"file", "../../x.py"}}, "inside the model's directory");
  expect_refused({{"file", "sub/../../x.py"}}, "inside the model's directory");
  EXPECT_TRUE(parse(manifest({{"file", "sub/model.pt"}})).ok());
}

TEST(ParseManifest, FormatVersionMustBeExactlyOne) {
  expect_refused({{"format_version", nullptr}}, "format_version");
  expect_refused({{"format_version", "1"}}, "format_version");
  expect_refused({{"format_version", 2}}, "format_version");
  expect_refused({{"format_version", 1.5}}, "format_version");
}

TEST(ParseManifest, TensorListsMustBeNonEmptyArraysOfObjects) {
  expect_refused({{"inputs", json::array()}}, "'inputs' must be a non-empty array");
  expect_refused({{"outputs", "y"}}, "'outputs' must be a non-empty array");
  expect_refused({{"inputs", {1}}}, "each of 'inputs' must be an object");
}

TEST(ParseManifest, DatatypesAndShapesAreChecked) {
  expect_refused({{"inputs", {{{"name", "x"}, {"datatype", "FP16"}, {"shape", {1}}}}}},
                 "unknown datatype 'FP16'");
  expect_refused({{"inputs", {{{"name", "x"}, {"datatype", "FP32"}}}}}, "needs a 'shape' array");
  expect_refused({{"inputs", {{{"name", "x"}, {"datatype", "FP32"}, {"shape", {-2}}}}}},
                 "dimensions are integers");
  expect_refused({{"inputs", {{{"name", "x"}, {"datatype", "FP32"}, {"shape", {1.5}}}}}},
                 "dimensions are integers");
  auto scalar = parse(
      manifest({{"inputs", {{{"name", "x"}, {"datatype", "FP32"}, {"shape", json::array()}}}}}));
  ASSERT_TRUE(scalar.ok());
  EXPECT_TRUE(scalar->inputs[0].shape.empty());
}

TEST(ParseManifest, ADimensionBeyondInt64IsRefusedNotWrappedToVariable) {
  // 2^64 - 1 read as int64 is -1, the "variable" marker.
  auto r = parse_manifest("m.json", R"({"format_version": 1, "name": "a", "version": "1",
    "backend": "python", "file": "p.py",
    "inputs": [{"name": "x", "datatype": "FP32", "shape": [18446744073709551615]}],
    "outputs": [{"name": "y", "datatype": "FP32", "shape": [1]}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("dimensions are integers"), std::string::npos);
}

TEST(ParseManifest, TensorNamesAreUniqueWithinInputsAndWithinOutputs) {
  json two = {{{"name", "x"}, {"datatype", "FP32"}, {"shape", {1}}},
              {{"name", "x"}, {"datatype", "FP64"}, {"shape", {1}}}};
  expect_refused({{"inputs", two}}, "'x'");
  expect_refused({{"outputs", two}}, "'x'");
  // An output may share an input's name: they are looked up apart.
  EXPECT_TRUE(
      parse(manifest({{"outputs", {{{"name", "x"}, {"datatype", "FP32"}, {"shape", {1}}}}}})).ok());
}

TEST(ParseManifest, APythonFunctionOfTheWrongTypeIsRefused) {
  auto named = parse(manifest({{"python", {{"function", "run"}}}}));
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->python_function, "run");
  expect_refused({{"python", {{"function", 5}}}}, "'function'");
  expect_refused({{"python", {{"function", ""}}}}, "'function'");
  expect_refused({{"python", "run"}}, "'python'");
}

TEST(ParseManifest, NotJsonOrNotAnObject) {
  auto syntax = parse_manifest("m.json", "{\n  \"name\": \n}");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().loc.line, 3);
  EXPECT_FALSE(parse_manifest("m.json", "[]").ok());
}

TEST(Batchable, EveryTensorMustStartWithAVariableDimension) {
  auto r = parse(manifest());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->batchable());
  Manifest fixed = *r;
  fixed.outputs[0].shape = {1};
  EXPECT_FALSE(fixed.batchable());
  Manifest scalar = *r;
  scalar.inputs[0].shape = {};
  EXPECT_FALSE(scalar.batchable());
  Manifest later = *r;
  later.inputs[0].shape = {4, -1};
  EXPECT_FALSE(later.batchable());
}

TEST(ReadManifest, ReadsTheDirectorysFileAndNamesItInErrors) {
  testutil::TempDir t;
  auto missing = read_manifest(t.root());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().loc.file, (t.root() / "strata-model.json").string());
  t.write("strata-model.json", manifest().dump());
  auto r = read_manifest(t.root());
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->name, "iris");
}

}  // namespace
}  // namespace strata::serve
