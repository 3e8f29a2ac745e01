#pragma once
// The generated TypeScript projects: the service project of a split
// TypeScript context (contexts/NAME/service, `NAME-service`) and the
// TypeScript composition root (apps/monolith-typescript, `monolith-typescript`),
// as lists of files service_layout.cc writes with their headers.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/topology.h"
#include "service/contract.h"
#include "service/gate.h"

namespace strata::service {

inline constexpr std::string_view k_ts_monolith_dir = "apps/monolith-typescript";

// One generated file. `inputs` empty: written as is (JSON cannot hold the
// header); otherwise it starts with the "//" header naming them.
struct TsFile {
  std::string path;
  std::string text;
  std::vector<std::string> inputs;
};

// The npm scope of the context's packages ("@ws"), from its api layer's
// package.json; "" when that cannot be read.
std::string ts_scope(const std::filesystem::path& root, const std::string& context);

// The api layer's package.json: the generated imports depend on its name.
std::string ts_api_package_json(const std::string& context);

// What keeps a TypeScript context from being split beyond the shared gate:
// types the generated codec cannot carry, an api package without a scoped
// npm name (the generated imports use it).
std::vector<GateProblem> ts_split_problems(const std::filesystem::path& root, const Contract& c);

std::vector<TsFile> ts_service_files(const std::filesystem::path& root, const Contract& c,
                                     const ServiceConfig& cfg);
// Only the TypeScript contracts; `contracts` non-empty.
std::vector<TsFile> ts_monolith_files(const std::filesystem::path& root, const Topology& t,
                                      const std::map<std::string, Contract>& contracts);

}  // namespace strata::service
