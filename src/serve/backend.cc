// Chooses the backend by the manifest and checks what backends return.
// LibTorch and XGBoost are opened with dlopen the first time a model needs
// them (torchscript_backend.cc, xgboost_backend.cc): linking them would
// add LibTorch's ~40 shared libraries to the start of every strata
// command, while only `strata serve` with such a model uses them.

#include "serve/backend.h"

#include <fmt/format.h>

namespace strata::serve {

Result<std::unique_ptr<ModelInstance>> load_instance(const Manifest& m,
                                                     const std::filesystem::path& dir,
                                                     const BackendOptions& options) {
  if (!std::filesystem::exists(dir / m.file))
    return Error(fmt::format("model '{}' version {}: its file '{}' is missing", m.name, m.version,
                             m.file),
                 {(dir / "strata-model.json").string()})
        .of(ErrorKind::k_not_found);
  switch (m.backend) {
    case Backend::k_torchscript:
      return load_torchscript(m, dir, options);
    case Backend::k_xgboost:
      return load_xgboost(m, dir, options);
    case Backend::k_python:
      return load_python(m, dir, options);
  }
  return Error("unknown backend").of(ErrorKind::k_internal);
}

Status check_outputs(const Manifest& m, const std::vector<Tensor>& outputs) {
  if (outputs.size() != m.outputs.size())
    return Error(fmt::format("the model returned {} outputs, its manifest declares {}",
                             outputs.size(), m.outputs.size()))
        .of(ErrorKind::k_internal);
  for (size_t i = 0; i < outputs.size(); ++i) {
    const auto& spec = m.outputs[i];
    const auto& t = outputs[i];
    if (t.name != spec.name || t.datatype != spec.datatype)
      return Error(fmt::format("output '{}' came back as {} '{}'", spec.name,
                               datatype_name(t.datatype), t.name))
          .of(ErrorKind::k_internal);
    if (auto st = check_tensor_size(t, "output"); !st)
      return Error(st.error().message).of(ErrorKind::k_internal);
  }
  return ok_status();
}

}  // namespace strata::serve
