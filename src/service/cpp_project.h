#pragma once
// The generated C++ projects as lists of files: the service project of a
// split C++ context (contexts/NAME/service, CMake like the generated
// contexts) and the C++ monolith's composition root (apps/monolith-cpp),
// each with a CMake script that fails the build when a generated file is
// stale. The layout (service/service_layout.h) puts the generated-file
// header on each file that names a comment prefix.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/topology.h"
#include "service/contract.h"

namespace strata::service {

inline constexpr std::string_view k_cpp_monolith_dir = "apps/monolith-cpp";

struct GeneratedFile {
  std::string path;  // relative to the workspace root
  std::string text;
  std::vector<std::string> inputs;  // what its header names
  std::string comment;              // "//", "#", or "" for a file without a header (JSON)
};

std::vector<GeneratedFile> cpp_service_files(const Contract& c, const ServiceConfig& cfg);

// `contracts` are the C++ contexts only.
std::vector<GeneratedFile> cpp_monolith_files(const Topology& t,
                                              const std::map<std::string, Contract>& contracts);

// freshness.cmake: fails when a file below `PROJECT` names inputs whose
// hash changed (cmake -DROOT=... -DPROJECT=... -P freshness.cmake).
std::string cpp_freshness_script();

}  // namespace strata::service
