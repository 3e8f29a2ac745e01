#pragma once
// The project-level files of the generated Python projects: the service
// project of a split context and the monolith's composition root.

#include <map>
#include <string>

#include "config/topology.h"
#include "service/contract.h"

namespace strata::service {

std::string py_service_project_json(const Contract& c, const ServiceConfig& cfg);
std::string py_package_init(const std::string& docstring);
// freshness.py, `depth` folders below the workspace root.
std::string py_freshness_module(int depth);

std::string py_monolith_project_json(const std::map<std::string, Contract>& contracts);
std::string py_composition_module(const Topology& t,
                                  const std::map<std::string, Contract>& contracts);
std::string py_monolith_main_module();
std::string py_monolith_tests(const Topology& t, const std::map<std::string, Contract>& contracts);

}  // namespace strata::service
