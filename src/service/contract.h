#pragma once
// A context's contract: the DTOs and the inbound port of its `api` layer,
// read from the source as the generator shapes it, so that clients and
// servers can be generated for it without touching the api layer itself.
// Types are kept as small trees (`TypeRef`) so each language's emitter can
// say how a value of that type is encoded on the wire (JSON) and back.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace strata::service {

// A type in the contract: a scalar, a DTO by name, a sequence, an optional.
struct TypeRef {
  enum class Kind {
    k_str,
    k_int,
    k_float,
    k_bool,
    k_none,
    k_dto,
    k_list,
    k_tuple,
    k_optional,
    k_unknown
  };
  Kind kind = Kind::k_unknown;
  std::string name;           // the DTO's name, or the text of an unknown type
  std::vector<TypeRef> args;  // element type of list/tuple/optional
  std::string text;           // as written

  bool operator==(const TypeRef&) const = default;
};

struct Field {
  std::string name;
  TypeRef type;
  std::string default_text;  // "" when the field has no default
  bool operator==(const Field&) const = default;
};

struct Dto {
  std::string name;
  std::vector<Field> fields;
  int line = 0;
  bool operator==(const Dto&) const = default;
};

struct Method {
  std::string name;
  std::vector<Field> params;  // without self
  TypeRef returns;
  int line = 0;
  bool operator==(const Method&) const = default;
};

struct Contract {
  std::string context;    // snake_case name
  std::string language;   // "python"
  std::string port;       // the port's class name ("BillingService")
  std::string not_found;  // the port module's not-found error class ("" if none)
  std::vector<Dto> dtos;  // in source order
  std::vector<Method> methods;
  std::string dtos_file, port_file;  // relative to the workspace root
  // A C++ context's domain events (parse_cpp_events) and the file they come
  // from, an input of the generated files that carry them; empty otherwise.
  std::vector<Dto> events;
  std::string events_file;

  const Dto* find_dto(const std::string& name) const;
  bool operator==(const Contract&) const = default;
};

// DTOs by the names of the DTOs each extends (a Python dataclass's bases, a
// TypeScript interface's `extends`, a C++ struct's base classes).
using DtoBases = std::map<std::string, std::vector<std::string>>;

// Gives each DTO the fields of the DTOs it extends, before its own (a field
// of its own with the same name takes the inherited one's place), as the
// language lays the object out. Bases that are no DTO add nothing.
void add_inherited_fields(std::vector<Dto>& dtos, const DtoBases& bases);

// Parses a type expression as written in Python annotations
// ("tuple[LineItemDto, ...]", "str | None", "list[BillingDto]"); names of
// `dtos` are DTOs, anything else not a scalar is k_unknown.
TypeRef parse_python_type(const std::string& text, const std::vector<std::string>& dtos);

// Reads contexts/NAME/api/src/NAME_api/{dtos,port}.py. Errors carry the file
// and line of what could not be read.
Result<Contract> extract_python_contract(const std::filesystem::path& root,
                                         const std::string& context);

// Parses the two module texts (the files' names are for errors).
Result<Contract> parse_python_contract(const std::string& context, const std::string& dtos_text,
                                       const std::string& dtos_file, const std::string& port_text,
                                       const std::string& port_file);

// A type the wire cannot carry, found in a DTO field, a parameter or a
// result: "BillingService.open: parameter request: Callable[[], int]".
struct Unserialisable {
  std::string where;
  std::string type;
  std::string file;
  int line = 0;
};
std::vector<Unserialisable> unserialisable_types(const Contract& c);

// A stable digest of everything the generated code depends on.
std::string contract_fingerprint(const Contract& c);

}  // namespace strata::service
