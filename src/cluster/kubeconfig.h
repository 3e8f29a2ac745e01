#pragma once
// How to reach a cluster: the parts of a kubeconfig file Strata uses (the
// server, the CA to trust, and a bearer token or a client certificate),
// for one context. Files a kubeconfig names are read relative to it;
// `*-data` fields are base64, as kubectl writes them.

#include <filesystem>
#include <string>

#include "util/result.h"

namespace strata::cluster {

struct KubeConfig {
  std::string context;                          // the context chosen
  std::string server;                           // https://host:port (a path prefix is kept)
  std::string ca_pem;                           // "" : the system's trust store
  bool insecure = false;                        // insecure-skip-tls-verify
  std::string token;                            // a bearer token, or
  std::string client_cert_pem, client_key_pem;  // a client certificate
  std::string namespace_;                       // the context's namespace, "default" when unset
  std::filesystem::path file;
};

// The kubeconfig to read: `explicit_path` when given, else the first file
// of $KUBECONFIG, else ~/.kube/config.
std::filesystem::path kubeconfig_path(const std::string& explicit_path);

// Reads `path` for `context`, or the current context when `context` is
// empty. Errors name the file and what is missing, with a hint.
Result<KubeConfig> load_kubeconfig(const std::filesystem::path& path, const std::string& context);

// The same from text (tests); `path` resolves relative file names.
Result<KubeConfig> parse_kubeconfig(std::string_view text, const std::filesystem::path& path,
                                    const std::string& context);

// Whether the kubeconfig has a context named `name` (the deploy commands
// pick the context named after the environment when there is one).
bool has_context(const std::filesystem::path& path, const std::string& name);

}  // namespace strata::cluster
