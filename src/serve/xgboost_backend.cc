// The XGBoost backend through XGBoost's C API, opened with dlopen
// (libxgboost.so.0 from Debian's libxgboost0, or STRATA_XGBOOST_LIBRARY).
// Only the seven C functions below are used, so the plain C ABI is all the
// coupling there is. Debian's library is 1.7.4: it reads models written by
// xgboost <= 3.0.5 correctly, but misreads 3.1's base_score without an
// error (docs/commands/serve.md); the end-to-end test compares predictions.

#include <dlfcn.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "serve/backend.h"

namespace strata::serve {

namespace {

using Handle = void*;
using bst_ulong = uint64_t;

struct XgbApi {
  int (*matrix_from_mat)(const float*, bst_ulong, bst_ulong, float, Handle*) = nullptr;
  int (*matrix_free)(Handle) = nullptr;
  int (*booster_create)(const Handle[], bst_ulong, Handle*) = nullptr;
  int (*booster_free)(Handle) = nullptr;
  int (*booster_load)(Handle, const char*) = nullptr;
  int (*booster_set_param)(Handle, const char*, const char*) = nullptr;
  int (*booster_predict)(Handle, Handle, int, unsigned, int, bst_ulong*, const float**) = nullptr;
  const char* (*last_error)() = nullptr;
};

Result<const XgbApi*> open_api() {
  static XgbApi api;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    const char* env = std::getenv("STRATA_XGBOOST_LIBRARY");
    void* lib = nullptr;
    for (const char* name : {env, "libxgboost.so.0", "libxgboost.so"})
      if (name && *name && (lib = dlopen(name, RTLD_NOW | RTLD_LOCAL))) break;
    if (!lib) {
      failure = "cannot load XGBoost's library (libxgboost.so.0)";
      return;
    }
    auto sym = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
      if (!fn && failure.empty()) failure = fmt::format("XGBoost's library lacks {}", name);
    };
    sym(api.matrix_from_mat, "XGDMatrixCreateFromMat");
    sym(api.matrix_free, "XGDMatrixFree");
    sym(api.booster_create, "XGBoosterCreate");
    sym(api.booster_free, "XGBoosterFree");
    sym(api.booster_load, "XGBoosterLoadModel");
    sym(api.booster_set_param, "XGBoosterSetParam");
    sym(api.booster_predict, "XGBoosterPredict");
    sym(api.last_error, "XGBGetLastError");
  });
  if (!failure.empty())
    return Error(failure, {},
                 "install Debian's libxgboost-dev (scripts/install-deps), or set "
                 "STRATA_XGBOOST_LIBRARY")
        .of(ErrorKind::k_unavailable);
  return &api;
}

class XgbInstance : public ModelInstance {
 public:
  XgbInstance(const XgbApi& api, Handle booster, Manifest m)
      : m_api(api), m_booster(booster), m_manifest(std::move(m)) {}
  ~XgbInstance() override { m_api.booster_free(m_booster); }

  Result<std::vector<Tensor>> infer(const std::vector<Tensor>& inputs) override {
    const Tensor& x = inputs[0];
    if (x.shape.size() != 2)
      return Error("the XGBoost backend takes one input of shape [rows, features]");
    std::vector<float> values = as_floats(x);
    Handle matrix = nullptr;
    if (m_api.matrix_from_mat(values.data(), x.shape[0], x.shape[1], NAN, &matrix) != 0)
      return failed("DMatrix");
    bst_ulong length = 0;
    const float* result = nullptr;
    int rc = m_api.booster_predict(m_booster, matrix, 0, 0, 0, &length, &result);
    Tensor out{m_manifest.outputs[0].name, DataType::k_fp32, {x.shape[0]}, {}};
    if (rc == 0) {
      out.data.assign(reinterpret_cast<const char*>(result), length * sizeof(float));
      if (m_manifest.outputs[0].shape.size() == 2)
        out.shape.push_back(x.shape[0] ? length / x.shape[0] : 0);
    }
    m_api.matrix_free(matrix);
    if (rc != 0) return failed("prediction");
    if (m_manifest.outputs[0].datatype == DataType::k_fp64) widen(out);
    return std::vector<Tensor>{std::move(out)};
  }

 private:
  static std::vector<float> as_floats(const Tensor& x) {
    std::vector<float> v(*x.element_count());
    if (x.datatype == DataType::k_fp32) {
      std::memcpy(v.data(), x.data.data(), v.size() * 4);
    } else {
      for (size_t i = 0; i < v.size(); ++i) {
        double d;
        std::memcpy(&d, x.data.data() + i * 8, 8);
        v[i] = static_cast<float>(d);
      }
    }
    return v;
  }
  static void widen(Tensor& t) {
    std::string wide(t.data.size() * 2, '\0');
    for (size_t i = 0; i * 4 < t.data.size(); ++i) {
      float f;
      std::memcpy(&f, t.data.data() + i * 4, 4);
      double d = f;
      std::memcpy(wide.data() + i * 8, &d, 8);
    }
    t.data = std::move(wide);
    t.datatype = DataType::k_fp64;
  }
  Error failed(const char* what) const {
    return Error(fmt::format("XGBoost {} failed: {}", what, m_api.last_error()))
        .of(ErrorKind::k_internal);
  }

  const XgbApi& m_api;
  Handle m_booster;
  Manifest m_manifest;
};

}  // namespace

Result<std::unique_ptr<ModelInstance>> load_xgboost(const Manifest& m,
                                                    const std::filesystem::path& dir,
                                                    const BackendOptions& options) {
  if (m.inputs.size() != 1 || m.outputs.size() != 1 ||
      (m.inputs[0].datatype != DataType::k_fp32 && m.inputs[0].datatype != DataType::k_fp64) ||
      (m.outputs[0].datatype != DataType::k_fp32 && m.outputs[0].datatype != DataType::k_fp64))
    return Error(
        "an XGBoost model has one FP32 or FP64 input [rows, features] and one FP32 or FP64 output",
        {(dir / "strata-model.json").string()});
  auto api = open_api();
  if (!api) return api.error();
  Handle booster = nullptr;
  if ((*api)->booster_create(nullptr, 0, &booster) != 0)
    return Error(fmt::format("XGBoost: {}", (*api)->last_error())).of(ErrorKind::k_internal);
  auto path = (dir / m.file).string();
  if ((*api)->booster_load(booster, path.c_str()) != 0) {
    Error e(fmt::format("XGBoost cannot load the model: {}", (*api)->last_error()), {path});
    (*api)->booster_free(booster);
    return e;
  }
  (*api)->booster_set_param(booster, "nthread", std::to_string(options.threads).c_str());
  return std::unique_ptr<ModelInstance>(std::make_unique<XgbInstance>(**api, booster, m));
}

}  // namespace strata::serve
