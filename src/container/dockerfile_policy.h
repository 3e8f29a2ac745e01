#pragma once
// Strata's own Dockerfile policy, offline: the final stage runs as a
// numeric non-root USER and declares a HEALTHCHECK, every base is pinned
// (a tag other than latest, or a digest; scratch and earlier stages are
// fine), and no ENV or ARG is named like a secret (its value would be kept
// in the image's history for anyone who pulls it). `strata image check`
// and `strata audit` report every violation with its file, line and rule.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace strata::container {

struct PolicyFinding {
  std::string file;  // as given
  int line = 0;      // 1-based
  int col = 0;       // 1-based
  std::string rule;  // "non-root-user", "healthcheck", "pinned-base", "secret-in-env"
  std::string message;
  std::string hint;
};

// Every rule broken by the Dockerfile `text`, in line order.
std::vector<PolicyFinding> check_dockerfile(std::string_view text, const std::string& file);

// Whether a file name is a Dockerfile: Dockerfile, Containerfile, and
// their `NAME.Dockerfile` / `Dockerfile.NAME` variants.
bool is_dockerfile_name(const std::string& name);

// "file:line:col: rule: message" (the hint is not included).
std::string to_string(const PolicyFinding& f);

}  // namespace strata::container
