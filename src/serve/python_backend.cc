// The python backend: each instance is one persistent worker process, so
// the instance count is the worker pool's size and the batcher's threads
// keep every worker busy.

#include <fmt/format.h>

#include "serve/backend.h"
#include "serve/python_worker.h"

namespace strata::serve {

namespace {

class PythonInstance : public ModelInstance {
 public:
  PythonInstance(std::unique_ptr<PythonWorker> worker) : m_worker(std::move(worker)) {}
  Result<std::vector<Tensor>> infer(const std::vector<Tensor>& inputs) override {
    return m_worker->infer(inputs);
  }

 private:
  std::unique_ptr<PythonWorker> m_worker;
};

}  // namespace

Result<std::unique_ptr<ModelInstance>> load_python(const Manifest& m,
                                                   const std::filesystem::path& dir,
                                                   const BackendOptions& options) {
  auto worker =
      std::make_unique<PythonWorker>(options.python, m, dir.string(), std::chrono::seconds(60));
  if (auto st = worker->start(); !st) return st.error();
  return std::unique_ptr<ModelInstance>(std::make_unique<PythonInstance>(std::move(worker)));
}

}  // namespace strata::serve
