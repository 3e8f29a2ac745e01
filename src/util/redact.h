#pragma once
// One routine that hides passwords in anything Strata prints or stores:
// connection URLs (userinfo, '@' inside the password included, and
// `password=` in the query string) and libpq keyword/value strings
// (`password=secret`, `password='two words'`), wherever they occur in a
// longer text such as a driver's error message.

#include <string>
#include <string_view>

namespace strata {

inline constexpr std::string_view k_redacted = "***";

// `text` with every password replaced by ***.
std::string redact_secrets(std::string_view text);

}  // namespace strata
