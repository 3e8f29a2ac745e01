#include "remote/remote_settings.h"

#include <charconv>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "util/fs.h"

namespace strata::remote {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool truthy(const std::string& v) { return v == "1" || v == "true" || v == "yes"; }

Error config_error(const fs::path& file, const std::string& what) {
  return Error(
      "\"remoteCache" + what, {file.string()},
      R"(for example "remoteCache": {"url": "http://cache:8080", "readOnly": false, "timeoutMs": 5000})");
}

Status read_config(const fs::path& root, const std::string& config_file, RemoteSettings& s) {
  if (config_file.empty()) return ok_status();
  fs::path file = root / config_file;
  auto text = read_file(file);
  if (!text) return ok_status();  // the workspace loader reports unreadable configs
  auto doc = nlohmann::json::parse(*text, nullptr, false, true);
  if (doc.is_discarded() || !doc.is_object()) return ok_status();
  auto it = doc.find("remoteCache");
  if (it == doc.end()) return ok_status();
  if (!it->is_object()) return config_error(file, "\" must be an object");
  for (const auto& [key, value] : it->items()) {
    if (key == "url" && value.is_string())
      s.url = value.get<std::string>();
    else if (key == "readOnly" && value.is_boolean())
      s.read_only = value.get<bool>();
    else if (key == "timeoutMs" && value.is_number_integer() && value.get<int64_t>() > 0 &&
             value.get<int64_t>() <= 600000)
      s.timeout_ms = value.get<int>();
    else if (key == "url" || key == "readOnly" || key == "timeoutMs")
      return config_error(file, "." + key + "\" has the wrong type or range");
    else
      return config_error(file, "." + key + "\" is not a known setting");
  }
  return ok_status();
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    int v = 0;
    if (s[i] == '%' && i + 2 < s.size() &&
        std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16).ptr == s.data() + i + 3) {
      out.push_back(static_cast<char>(v));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

Result<RemoteSettings> resolve_remote_settings(const fs::path& root,
                                               const std::string& config_file) {
  RemoteSettings s;
  if (auto read = read_config(root, config_file, s); !read) return read.error();
  if (auto url = env("STRATA_REMOTE_CACHE_URL"); !url.empty()) s.url = url;
  if (auto ro = env("STRATA_REMOTE_CACHE_READ_ONLY"); !ro.empty()) s.read_only = truthy(ro);
  if (auto t = env("STRATA_REMOTE_CACHE_TIMEOUT_MS"); !t.empty()) {
    int v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || v <= 0)
      return Error("STRATA_REMOTE_CACHE_TIMEOUT_MS must be a positive number of milliseconds");
    s.timeout_ms = v;
  }
  s.token = env("STRATA_REMOTE_CACHE_TOKEN");
  s.key = env("STRATA_REMOTE_CACHE_KEY");
  if (s.enabled())
    if (auto url = parse_remote_url(s.url); !url) return url.error();
  return s;
}

Result<RemoteUrl> parse_remote_url(const std::string& url) {
  RemoteUrl u;
  size_t sep = url.find("://");
  u.scheme = sep == std::string::npos ? "" : url.substr(0, sep);
  if (u.scheme != "http" && u.scheme != "https")
    return Error("remote cache URL '" + redacted_url(url) +
                 "' must start with http:// or https://");
  std::string rest = url.substr(sep + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  u.base_path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!u.base_path.empty() && u.base_path.back() == '/') u.base_path.pop_back();
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    std::string userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    u.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string::npos) u.password = percent_decode(userinfo.substr(colon + 1));
  }
  size_t colon = authority.rfind(':');
  u.host = authority.substr(0, colon);
  u.port = u.scheme == "https" ? 443 : 80;
  if (colon != std::string::npos) {
    std::string port = authority.substr(colon + 1);
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), u.port);
    if (ec != std::errc() || end != port.data() + port.size() || u.port <= 0 || u.port > 65535)
      return Error("remote cache URL '" + redacted_url(url) + "' has an invalid port");
  }
  if (u.host.empty()) return Error("remote cache URL '" + redacted_url(url) + "' has no host");
  return u;
}

std::string redacted_url(const std::string& url) {
  size_t sep = url.find("://");
  size_t start = sep == std::string::npos ? 0 : sep + 3;
  size_t end = url.find('/', start);
  size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + "***" + url.substr(at);
}

}  // namespace strata::remote
