#pragma once
// What a contract change does to clients of an already split service:
// callers built against the old contract (the deployed monolith, other
// services) keep sending old requests and reading old answers. The old
// contract is kept beside the service as contract.json (generated with it),
// so a split that regenerates the service can say what breaks them.

#include <optional>
#include <string>
#include <vector>

#include "service/contract.h"

namespace strata::service {

// The contract as JSON (contract.json in the service project), and back.
std::string contract_to_json(const Contract& c);
std::optional<Contract> contract_from_json(const std::string& text);

struct BreakingChange {
  std::string what;  // "method close removed", "OpenRequest.name: str -> int"
  std::string file;  // where the new contract says so
  int line = 0;
};

// Changes from `before` to `after` that an old client would trip over:
// methods removed or with other parameters or results; DTOs removed; DTO
// fields removed, retyped, or added without a default.
std::vector<BreakingChange> breaking_changes(const Contract& before, const Contract& after);

}  // namespace strata::service
