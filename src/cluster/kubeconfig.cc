// A kubeconfig has three named lists (clusters, users, contexts) and a
// current-context; a context joins one cluster and one user. Only the
// fields Strata uses are read; an exec or auth-provider user is refused
// with a hint rather than ignored, so a request never goes out
// unauthenticated by surprise.

#include "cluster/kubeconfig.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "kube/yaml.h"
#include "util/fs.h"

namespace strata::cluster {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr size_t k_max_kubeconfig_bytes = 4 << 20;

// A kubeconfig is one YAML document (JSON is YAML too).
Result<json> parse_document(std::string_view text, const std::string& file) {
  auto docs = kube::parse_yaml(text, file);
  if (!docs) return docs.error();
  if (docs->empty()) return json();
  return std::move(docs->front().value);
}

Result<std::string> base64_decode(const std::string& in, const std::string& what) {
  std::string clean;
  for (char c : in)
    if (!isspace(static_cast<unsigned char>(c))) clean += c;
  if (clean.size() % 4 != 0) return Error(what + " is not valid base64");
  std::string out(clean.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()),
                          static_cast<int>(clean.size()));
  if (n < 0) return Error(what + " is not valid base64");
  size_t pad = clean.ends_with("==") ? 2 : clean.ends_with("=") ? 1 : 0;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string text_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// The entry named `name` of list `list` ("clusters", ...), its inner object
// under `field` ("cluster", ...). A name YAML reads as a number ("2024")
// is no match rather than a type error thrown out of the parser.
const json* named(const json& doc, const char* list, const char* field, const std::string& name) {
  auto it = doc.find(list);
  if (it == doc.end() || !it->is_array()) return nullptr;
  for (const auto& e : *it)
    if (e.is_object() && text_field(e, "name") == name && e.contains(field) && e[field].is_object())
      return &e[field];
  return nullptr;
}

// `key-data` (base64) or `key` (a file, relative to the kubeconfig).
Result<std::string> pem_field(const json& obj, const std::string& key, const fs::path& file) {
  std::string data = text_field(obj, (key + "-data").c_str());
  if (!data.empty()) return base64_decode(data, key + "-data in " + file.string());
  std::string name = text_field(obj, key.c_str());
  if (name.empty()) return std::string();
  fs::path p = fs::path(name).is_absolute() ? fs::path(name) : file.parent_path() / name;
  auto text = read_file(p);
  if (!text)
    return Error("cannot read " + key + " " + p.string() + ": " + text.error().message,
                 SourceLoc{file.string()});
  return std::move(*text);
}

Status read_user(const json& user, const fs::path& file, KubeConfig& out) {
  if (user.contains("exec") || user.contains("auth-provider"))
    return Error(
        "the kubeconfig user authenticates with an exec or auth-provider plugin, which "
        "Strata does not run",
        SourceLoc{file.string()},
        "use a context with a token or a client certificate (kubectl create token ...)");
  out.token = text_field(user, "token");
  std::string token_file = text_field(user, "tokenFile");
  if (out.token.empty() && !token_file.empty()) {
    auto t = read_file(fs::path(token_file).is_absolute() ? fs::path(token_file)
                                                          : file.parent_path() / token_file);
    if (!t) return t.error();
    out.token = *t;
    while (!out.token.empty() && isspace(static_cast<unsigned char>(out.token.back())))
      out.token.pop_back();
  }
  auto cert = pem_field(user, "client-certificate", file);
  if (!cert) return cert.error();
  auto key = pem_field(user, "client-key", file);
  if (!key) return key.error();
  out.client_cert_pem = std::move(*cert);
  out.client_key_pem = std::move(*key);
  return ok_status();
}

}  // namespace

fs::path kubeconfig_path(const std::string& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  if (const char* env = std::getenv("KUBECONFIG"); env && *env) {
    std::string first(env);
    return first.substr(0, first.find(':'));
  }
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : "/") / ".kube" / "config";
}

Result<KubeConfig> parse_kubeconfig(std::string_view text, const fs::path& path,
                                    const std::string& context) {
  auto doc = parse_document(text, path.string());
  if (!doc) return doc.error();
  const SourceLoc where{path.string()};
  if (!doc->is_object()) return Error("not a kubeconfig (no top-level mapping)", where);
  KubeConfig out;
  out.file = path;
  out.context = context.empty() ? text_field(*doc, "current-context") : context;
  if (out.context.empty())
    return Error("the kubeconfig has no current-context", where,
                 "pass --context NAME or run: kubectl config use-context NAME");
  const json* ctx = named(*doc, "contexts", "context", out.context);
  if (!ctx)
    return Error("no context '" + out.context + "' in the kubeconfig", where,
                 "list them with: kubectl config get-contexts");
  const json* cluster = named(*doc, "clusters", "cluster", text_field(*ctx, "cluster"));
  if (!cluster || text_field(*cluster, "server").empty())
    return Error("context '" + out.context + "' names no cluster with a server", where);
  out.server = text_field(*cluster, "server");
  while (out.server.ends_with("/")) out.server.pop_back();
  // Only a YAML boolean: value() would throw on a quoted "true".
  auto insecure = cluster->find("insecure-skip-tls-verify");
  out.insecure = insecure != cluster->end() && insecure->is_boolean() && insecure->get<bool>();
  auto ca = pem_field(*cluster, "certificate-authority", path);
  if (!ca) return ca.error();
  out.ca_pem = std::move(*ca);
  if (const json* user = named(*doc, "users", "user", text_field(*ctx, "user")))
    if (auto s = read_user(*user, path, out); !s) return s.error();
  out.namespace_ = text_field(*ctx, "namespace");
  if (out.namespace_.empty()) out.namespace_ = "default";
  return out;
}

Result<KubeConfig> load_kubeconfig(const fs::path& path, const std::string& context) {
  auto text = read_file(path, k_max_kubeconfig_bytes, path.string());
  if (!text)
    return Error("cannot read the kubeconfig " + path.string() + ": " + text.error().message, {},
                 "pass --kubeconfig FILE or set KUBECONFIG");
  return parse_kubeconfig(*text, path, context);
}

bool has_context(const fs::path& path, const std::string& name) {
  auto text = read_file(path, k_max_kubeconfig_bytes, path.string());
  if (!text) return false;
  auto doc = parse_document(*text, path.string());
  return doc && doc->is_object() && named(*doc, "contexts", "context", name);
}

}  // namespace strata::cluster
