#pragma once
// Vulnerable dependency versions, through each ecosystem's own audit
// client: `npm audit --json` beside every tracked package-lock.json, and
// PyPA's `pip-audit` for every tracked requirements*.txt. A client that is
// missing, cannot be installed, or cannot reach its advisory service makes
// its source "skipped" with the reason; it never fails the audit itself.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "audit/finding.h"
#include "util/result.h"

namespace strata::audit {

// Parsers of the clients' JSON (exposed for tests). An output that holds
// no audit result (an error document) is an Error with its message.
Result<std::vector<Finding>> parse_npm_audit(std::string_view json, const std::string& lockfile);
// pip-audit reports no severity: a known vulnerability is rated high.
// Also counts the dependencies it could not audit (`skip_reason`).
Result<std::vector<Finding>> parse_pip_audit(std::string_view json, const std::string& requirements,
                                             size_t& audited, size_t& unaudited);

// Where Strata keeps the tools it installs for itself:
// $XDG_CACHE_HOME/strata/tools-venv (default ~/.cache/strata/tools-venv).
std::filesystem::path tools_venv();

// Runs the clients on the tracked lockfiles under `root`, appending to `report`.
void audit_npm(const std::filesystem::path& root, const std::vector<std::string>& tracked,
               Report& report);
void audit_python(const std::filesystem::path& root, const std::vector<std::string>& tracked,
                  Report& report);

}  // namespace strata::audit
