#pragma once
// The contract of a C++ context's api layer, as `strata generate context
// --lang cpp` shapes it: the plain structs of src/NAME/api/dto.h (DTOs) and
// the pure virtual methods of the inbound port in src/NAME/api/NAME_service.h,
// each answering `Result<T>` (or `Status`). The api layer's error channel
// (`ErrorDto`, `ErrorCode`, `Result`) is the generated code's convention and
// is carried by it, so it is not a DTO of the contract.

#include <filesystem>
#include <string>
#include <vector>

#include "service/contract.h"
#include "util/result.h"

namespace strata::service {

// A C++ type as written in a field or a parameter: std::string, the integer
// and floating types, bool, DTO names, std::vector<T>, std::optional<T>.
// `text` keeps the spelling ("long long"), so generated code declares the
// same type.
TypeRef parse_cpp_type(const std::string& text, const std::vector<std::string>& dtos);

Result<Contract> parse_cpp_contract(const std::string& context, const std::string& dto_text,
                                    const std::string& dto_file, const std::string& port_text,
                                    const std::string& port_file);

// Reads contexts/NAME/api/src/NAME/api/{dto.h,NAME_service.h}, and the
// domain events (extract_cpp_events) into the contract's `events`.
Result<Contract> extract_cpp_contract(const std::filesystem::path& root,
                                      const std::string& context);

// The domain events of a C++ context: the structs of src/NAME/domain/events.h
// that its `using NameEvent = std::variant<...>;` lists, in that order.
Result<std::vector<Dto>> parse_cpp_events(const std::string& context, const std::string& text,
                                          const std::string& file);
// Reads contexts/NAME/domain/src/NAME/domain/events.h.
Result<std::vector<Dto>> extract_cpp_events(const std::filesystem::path& root,
                                            const std::string& context);
std::string cpp_events_file(const std::string& context);

}  // namespace strata::service
