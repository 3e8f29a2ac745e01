#pragma once
// Who may do what on a Strata server: named bearer tokens, each with a
// role. A reader reads, a writer also changes records, an admin also
// creates and drops whole collections. Tokens come from a file (or the
// environment) and are never printed; requests carry the token's name.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata::http {

enum class Role { k_reader = 0, k_writer = 1, k_admin = 2 };

std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

struct TokenGrant {
  std::string name;  // what the audit log says: "ci", "alice"
  Role role = Role::k_reader;
  std::string token;  // the secret
};

// One grant a line: "NAME ROLE TOKEN", blank lines and '#' comments
// ignored. Errors name `file` and the line, never the token.
Result<std::vector<TokenGrant>> parse_token_grants(std::string_view text, const std::string& file);
// Reads the file; a file other users may read is refused (chmod 600).
Result<std::vector<TokenGrant>> load_token_grants(const std::string& path);

// The grant whose token equals `given`, comparing in constant time per
// grant so timing does not reveal how much of a token matched.
const TokenGrant* find_grant(const std::vector<TokenGrant>& grants, std::string_view given);

}  // namespace strata::http
