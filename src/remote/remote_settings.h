#pragma once
// Where the remote cache is and how to talk to it: strata.json's
// "remoteCache" object ({"url", "readOnly", "timeoutMs"}), overridden by the
// environment (STRATA_REMOTE_CACHE_URL, STRATA_REMOTE_CACHE_READ_ONLY,
// STRATA_REMOTE_CACHE_TIMEOUT_MS). Secrets come only from the environment
// (STRATA_REMOTE_CACHE_TOKEN, STRATA_REMOTE_CACHE_KEY) or the URL's
// user:password, and are never printed: messages show redacted_url().

#include <filesystem>
#include <string>

#include "util/result.h"

namespace strata::remote {

inline constexpr int k_default_timeout_ms = 5000;

struct RemoteUrl {
  std::string scheme;  // "http" or "https"
  std::string host;
  int port = 0;
  std::string base_path;  // "" or "/prefix" without a trailing slash
  std::string user;       // basic auth, percent-decoded
  std::string password;
};

struct RemoteSettings {
  std::string url;  // "" when no remote cache is configured
  bool read_only = false;
  int timeout_ms = k_default_timeout_ms;
  std::string token;  // bearer token
  std::string key;    // HMAC key for signing and verifying entries

  bool enabled() const { return !url.empty(); }
};

// `config_file` is the root config's name relative to `root` ("" for none).
Result<RemoteSettings> resolve_remote_settings(const std::filesystem::path& root,
                                               const std::string& config_file);
Result<RemoteUrl> parse_remote_url(const std::string& url);
// The URL with any user:password replaced by "***", for messages.
std::string redacted_url(const std::string& url);

}  // namespace strata::remote
