#pragma once
// The C interface between the server and its LibTorch plugin
// (plugin/torch_plugin.cc, built as strata-serve-torch.so). A plain C ABI,
// so the plugin is the only code compiled against LibTorch's headers and
// the only object that links it; the server opens it with dlopen when the
// first TorchScript model loads. Bump the version on any change.

#include <cstddef>
#include <cstdint>

extern "C" {

#define STRATA_TORCH_ABI_VERSION 1

// `dtype` is strata::serve::DataType's value (never BYTES).
struct StrataTensor {
  int dtype;
  const int64_t* shape;
  int rank;
  const void* data;
  uint64_t bytes;
};

// Receives each output, in the order the model returns them.
typedef void (*StrataEmit)(void* ctx, const StrataTensor* output);

typedef int (*StrataTorchAbiVersion)(void);
// A loaded TorchScript module, or null with a message in `error`.
typedef void* (*StrataTorchLoad)(const char* path, int threads, char* error, size_t error_size);
// 0 on success; non-zero with a message in `error`.
typedef int (*StrataTorchForward)(void* model, const StrataTensor* inputs, int count,
                                  StrataEmit emit, void* ctx, char* error, size_t error_size);
typedef void (*StrataTorchFree)(void* model);
}
