#pragma once
// Python package names: the distribution name a PEP 508 requirement starts
// with, and the normalised forms used to match requirements to projects.

#include <string>
#include <string_view>

namespace strata {

// "requests[socks]>=2.0; python_version<'3.8'" -> "requests"; "" if none.
std::string pep508_name(std::string_view requirement);
// PEP 503: lowercase, runs of '-', '_' and '.' become one '-'.
std::string normalize_distribution_name(std::string_view name);
// The import name a distribution most likely provides: lowercase with
// '-' and '.' turned into '_' ("My-Lib" -> "my_lib").
std::string import_name_of(std::string_view distribution);

}  // namespace strata
