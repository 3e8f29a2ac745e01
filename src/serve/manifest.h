#pragma once
// Manifest: an exported model's strata-model.json (docs/formats/strata-model.md),
// the contract between model export and the server: which backend loads
// it, its file, and the names, datatypes and shapes of its tensors.

#include <filesystem>
#include <string>
#include <vector>

#include "serve/tensor.h"
#include "util/result.h"

namespace strata::serve {

inline constexpr int k_manifest_format_version = 1;

enum class Backend { k_torchscript, k_xgboost, k_python };
const char* backend_name(Backend b);

struct TensorSpec {
  std::string name;
  DataType datatype = DataType::k_fp32;
  std::vector<int64_t> shape;  // -1: variable (the batch)
};

struct Manifest {
  std::string name;
  std::string version;
  Backend backend = Backend::k_python;
  std::string file;             // relative to the model's directory
  std::string python_function;  // python backend: the function's name
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;

  // Whether requests can be joined along dimension 0: every input and
  // output starts with a variable dimension.
  bool batchable() const;
};

// Parses the manifest text; `file` names it in errors.
Result<Manifest> parse_manifest(const std::string& file, std::string_view text);
// Reads DIR/strata-model.json.
Result<Manifest> read_manifest(const std::filesystem::path& dir);

}  // namespace strata::serve
