#pragma once
// The contract of a TypeScript context's api layer: the exported interfaces
// of src/dto.ts (DTOs) and the service interface of src/NAME-service.ts
// (the inbound port, its methods returning Promise<...>). Read for the split
// gate and for emitters to come; `strata split` does not generate
// TypeScript services yet.

#include <filesystem>
#include <string>

#include "service/contract.h"
#include "util/result.h"

namespace strata::service {

// A TypeScript type expression: string, number, boolean, DTO names, arrays
// (T[], readonly T[], Array<T>, ReadonlyArray<T>), string literal unions
// (kept as strings), `T | null` / `T | undefined`, and the api layer's
// generic aliases named in `aliases` (`Result<T>`).
TypeRef parse_typescript_type(const std::string& text, const std::vector<std::string>& dtos,
                              const std::vector<std::string>& aliases = {});

Result<Contract> parse_typescript_contract(const std::string& context, const std::string& dto_text,
                                           const std::string& dto_file,
                                           const std::string& port_text,
                                           const std::string& port_file);

Result<Contract> extract_typescript_contract(const std::filesystem::path& root,
                                             const std::string& context);

}  // namespace strata::service
