#pragma once
// ModelInstance: one loaded copy of a model version, run by one thread at a
// time (the batcher gives each instance its own thread), so backends need
// no locking of their own. Which backend loads a model is the manifest's
// `backend`; LibTorch and XGBoost are loaded into the process only when a
// model needs them (backend.cc says how).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "serve/manifest.h"
#include "serve/tensor.h"
#include "util/result.h"

namespace strata::serve {

class ModelInstance {
 public:
  virtual ~ModelInstance() = default;
  // `inputs` are in the manifest's order, checked against it; the outputs
  // come back in the manifest's order with its names.
  virtual Result<std::vector<Tensor>> infer(const std::vector<Tensor>& inputs) = 0;
};

struct BackendOptions {
  std::string python = "python3";  // the interpreter of the python backend's workers
  int threads = 1;                 // intra-op threads per instance (LibTorch, XGBoost)
};

Result<std::unique_ptr<ModelInstance>> load_instance(const Manifest& m,
                                                     const std::filesystem::path& dir,
                                                     const BackendOptions& options);

// Each backend's loader (one file each).
Result<std::unique_ptr<ModelInstance>> load_torchscript(const Manifest& m,
                                                        const std::filesystem::path& dir,
                                                        const BackendOptions& options);
Result<std::unique_ptr<ModelInstance>> load_xgboost(const Manifest& m,
                                                    const std::filesystem::path& dir,
                                                    const BackendOptions& options);
Result<std::unique_ptr<ModelInstance>> load_python(const Manifest& m,
                                                   const std::filesystem::path& dir,
                                                   const BackendOptions& options);

// Checks outputs a backend produced against the manifest: names and
// datatypes, and sizes against shapes.
Status check_outputs(const Manifest& m, const std::vector<Tensor>& outputs);

}  // namespace strata::serve
