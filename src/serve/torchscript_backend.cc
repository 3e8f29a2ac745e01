// The TorchScript backend: the server side of serve/torch_abi.h. The
// plugin strata-serve-torch.so is looked for in STRATA_SERVE_PLUGIN_DIR,
// beside the strata executable, then in ../lib/strata/ from it.

#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include "serve/backend.h"
#include "serve/torch_abi.h"

namespace strata::serve {

namespace fs = std::filesystem;

namespace {

struct TorchApi {
  StrataTorchLoad load = nullptr;
  StrataTorchForward forward = nullptr;
  StrataTorchFree free = nullptr;
};

std::vector<fs::path> plugin_candidates() {
  std::vector<fs::path> out;
  if (const char* dir = std::getenv("STRATA_SERVE_PLUGIN_DIR"); dir && *dir)
    out.push_back(fs::path(dir));
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    out.push_back(exe.parent_path());
    out.push_back(exe.parent_path().parent_path() / "lib" / "strata");
  }
  return out;
}

Result<const TorchApi*> open_api() {
  static TorchApi api;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    void* lib = nullptr;
    std::string tried, why;
    for (const auto& dir : plugin_candidates()) {
      auto path = dir / "strata-serve-torch.so";
      tried += (tried.empty() ? "" : ", ") + path.string();
      if (!fs::exists(path)) continue;
      if ((lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL))) break;
      why = dlerror();
    }
    if (!lib) {
      failure = why.empty()
                    ? fmt::format("the LibTorch plugin is not installed (looked for {})", tried)
                    : fmt::format("cannot load the LibTorch plugin: {}", why);
      return;
    }
    auto version = reinterpret_cast<StrataTorchAbiVersion>(dlsym(lib, "strata_torch_abi_version"));
    api.load = reinterpret_cast<StrataTorchLoad>(dlsym(lib, "strata_torch_load"));
    api.forward = reinterpret_cast<StrataTorchForward>(dlsym(lib, "strata_torch_forward"));
    api.free = reinterpret_cast<StrataTorchFree>(dlsym(lib, "strata_torch_free"));
    if (!version || version() != STRATA_TORCH_ABI_VERSION || !api.load || !api.forward || !api.free)
      failure = "the LibTorch plugin is from another Strata version";
  });
  if (!failure.empty())
    return Error(failure, {},
                 "build Strata with Debian's libtorch-dev installed (scripts/install-deps)")
        .of(ErrorKind::k_unavailable);
  return &api;
}

struct Collected {
  std::vector<Tensor> outputs;
};

void collect(void* ctx, const StrataTensor* t) {
  auto* c = static_cast<Collected*>(ctx);
  Tensor out;
  out.datatype = static_cast<DataType>(t->dtype);
  out.shape.assign(t->shape, t->shape + t->rank);
  out.data.assign(static_cast<const char*>(t->data), t->bytes);
  c->outputs.push_back(std::move(out));
}

class TorchInstance : public ModelInstance {
 public:
  TorchInstance(const TorchApi& api, void* model, Manifest m)
      : m_api(api), m_model(model), m_manifest(std::move(m)) {}
  ~TorchInstance() override { m_api.free(m_model); }

  Result<std::vector<Tensor>> infer(const std::vector<Tensor>& inputs) override {
    std::vector<StrataTensor> args;
    for (const auto& t : inputs)
      args.push_back({static_cast<int>(t.datatype), t.shape.data(),
                      static_cast<int>(t.shape.size()), t.data.data(), t.data.size()});
    Collected c;
    char error[1024] = "";
    if (m_api.forward(m_model, args.data(), static_cast<int>(args.size()), collect, &c, error,
                      sizeof error) != 0)
      return Error(fmt::format("TorchScript forward() failed: {}", error))
          .of(ErrorKind::k_internal);
    if (c.outputs.size() != m_manifest.outputs.size())
      return Error(fmt::format("forward() returned {} tensors, the manifest declares {} outputs",
                               c.outputs.size(), m_manifest.outputs.size()))
          .of(ErrorKind::k_internal);
    for (size_t i = 0; i < c.outputs.size(); ++i) c.outputs[i].name = m_manifest.outputs[i].name;
    return std::move(c.outputs);
  }

 private:
  const TorchApi& m_api;
  void* m_model;
  Manifest m_manifest;
};

}  // namespace

Result<std::unique_ptr<ModelInstance>> load_torchscript(const Manifest& m, const fs::path& dir,
                                                        const BackendOptions& options) {
  for (const auto& spec : m.inputs)
    if (spec.datatype == DataType::k_bytes)
      return Error("TorchScript models take no BYTES inputs",
                   {(dir / "strata-model.json").string()});
  auto api = open_api();
  if (!api) return api.error();
  char error[1024] = "";
  auto path = (dir / m.file).string();
  void* model = (*api)->load(path.c_str(), options.threads, error, sizeof error);
  if (!model) return Error(fmt::format("LibTorch cannot load the model: {}", error), {path});
  return std::unique_ptr<ModelInstance>(std::make_unique<TorchInstance>(**api, model, m));
}

}  // namespace strata::serve
