// strata-serve-torch.so: runs TorchScript modules with LibTorch behind the
// C interface of serve/torch_abi.h. Inputs are passed to forward() in the
// manifest's order; a tensor, or a tuple or list of tensors, comes back.
// Inference mode (no autograd records) for every call.

#include <ATen/Parallel.h>
#include <torch/script.h>

#include <cstring>
#include <mutex>
#include <string>

#include "serve/tensor.h"
#include "serve/torch_abi.h"

namespace {

using strata::serve::DataType;

bool to_scalar_type(int dtype, c10::ScalarType& out) {
  switch (static_cast<DataType>(dtype)) {
    case DataType::k_bool:
      out = torch::kBool;
      return true;
    case DataType::k_uint8:
      out = torch::kUInt8;
      return true;
    case DataType::k_int8:
      out = torch::kInt8;
      return true;
    case DataType::k_int16:
      out = torch::kInt16;
      return true;
    case DataType::k_int32:
      out = torch::kInt32;
      return true;
    case DataType::k_int64:
      out = torch::kInt64;
      return true;
    case DataType::k_fp32:
      out = torch::kFloat32;
      return true;
    case DataType::k_fp64:
      out = torch::kFloat64;
      return true;
    default:
      return false;
  }
}

bool to_dtype(c10::ScalarType t, int& out) {
  for (int d = 0; d <= static_cast<int>(DataType::k_fp64); ++d) {
    c10::ScalarType s;
    if (to_scalar_type(d, s) && s == t) {
      out = d;
      return true;
    }
  }
  return false;
}

void set_error(char* error, size_t size, const std::string& what) {
  if (size == 0) return;
  std::snprintf(error, size, "%s", what.c_str());
}

bool emit_tensor(const torch::Tensor& raw, StrataEmit emit, void* ctx, char* error,
                 size_t error_size) {
  torch::Tensor t = raw.contiguous().cpu();
  StrataTensor out{};
  if (!to_dtype(t.scalar_type(), out.dtype)) {
    set_error(error, error_size,
              std::string("unsupported output type ") + c10::toString(t.scalar_type()));
    return false;
  }
  std::vector<int64_t> shape(t.sizes().begin(), t.sizes().end());
  out.shape = shape.data();
  out.rank = static_cast<int>(shape.size());
  out.data = t.data_ptr();
  out.bytes = t.numel() * t.element_size();
  emit(ctx, &out);
  return true;
}

}  // namespace

extern "C" {

int strata_torch_abi_version(void) { return STRATA_TORCH_ABI_VERSION; }

void* strata_torch_load(const char* path, int threads, char* error, size_t error_size) {
  static std::once_flag once;
  std::call_once(once, [threads] {
    at::set_num_threads(threads > 0 ? threads : 1);
    at::set_num_interop_threads(1);
  });
  try {
    auto* module = new torch::jit::Module(torch::jit::load(path));
    module->eval();
    return module;
  } catch (const std::exception& e) {
    set_error(error, error_size, e.what());
    return nullptr;
  }
}

int strata_torch_forward(void* model, const StrataTensor* inputs, int count, StrataEmit emit,
                         void* ctx, char* error, size_t error_size) {
  try {
    c10::InferenceMode guard;
    std::vector<c10::IValue> args;
    for (int i = 0; i < count; ++i) {
      c10::ScalarType type;
      if (!to_scalar_type(inputs[i].dtype, type)) {
        set_error(error, error_size, "unsupported input datatype for TorchScript");
        return 1;
      }
      auto shape = c10::IntArrayRef(inputs[i].shape, inputs[i].rank);
      // from_blob does not copy; the server keeps the bytes alive for the call.
      args.emplace_back(torch::from_blob(const_cast<void*>(inputs[i].data), shape,
                                         torch::TensorOptions().dtype(type)));
    }
    c10::IValue out = static_cast<torch::jit::Module*>(model)->forward(args);
    if (out.isTensor()) return emit_tensor(out.toTensor(), emit, ctx, error, error_size) ? 0 : 1;
    std::vector<c10::IValue> items;
    if (out.isTuple())
      items = out.toTuple()->elements().vec();
    else if (out.isList())
      items = out.toList().vec();
    else {
      set_error(error, error_size,
                "forward() returned neither a tensor nor a tuple or list of tensors");
      return 1;
    }
    for (const auto& item : items) {
      if (!item.isTensor()) {
        set_error(error, error_size,
                  "forward() returned a tuple or list holding something other than tensors");
        return 1;
      }
      if (!emit_tensor(item.toTensor(), emit, ctx, error, error_size)) return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    set_error(error, error_size, e.what());
    return 1;
  }
}

void strata_torch_free(void* model) { delete static_cast<torch::jit::Module*>(model); }
}
