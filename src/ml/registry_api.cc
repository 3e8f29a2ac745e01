// Routes (all JSON):
//   GET  /health
//   GET  /v1/models                                  reader
//   GET  /v1/models/NAME/versions                    reader
//   GET  /v1/models/NAME/versions/VERSION            reader
//   GET  /v1/models/NAME/aliases/ALIAS[?at=TIME]     reader
//   GET  /v1/models/NAME/events[?alias=ALIAS]        reader
//   POST /v1/models/NAME/aliases/ALIAS               writer; {"version", "reason", "force" (admin)}
//   POST /v1/models/NAME/aliases/ALIAS/rollback      writer; {"reason"}
//   GET|POST /v1/webhooks                            admin; {"url"}
// A refused promotion is 409 with the gate's message.

#include "ml/registry_api.h"

#include "db/schema_history.h"
#include "http/errors.h"
#include "util/suggest.h"

namespace strata::ml {

using http::Request;
using http::Response;
using http::send_error;
using http::send_json;
using nlohmann::json;

namespace {

std::string query_param(const Request& req, const std::string& key) {
  size_t q = req.target.find('?');
  if (q == std::string::npos) return "";
  std::string rest = req.target.substr(q + 1);
  size_t pos = 0;
  while (pos <= rest.size()) {
    size_t amp = rest.find('&', pos);
    std::string pair = rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (pair.starts_with(key + "=")) {
      std::string v = pair.substr(key.size() + 1);
      std::string out;
      for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size()) {
          out += static_cast<char>(std::stoi(v.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else
          out += v[i] == '+' ? ' ' : v[i];
      }
      return out;
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return "";
}

json body_json(const Request& req) {
  json j = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  return j.is_object() ? j : json();
}

const char* role_name(Role r) {
  switch (r) {
    case Role::k_reader:
      return "reader";
    case Role::k_writer:
      return "writer";
    case Role::k_admin:
      return "admin";
  }
  return "reader";
}

}  // namespace

Result<std::map<std::string, Role>> parse_tokens(const std::string& spec) {
  std::map<std::string, Role> out;
  size_t pos = 0;
  while (pos < spec.size()) {
    size_t comma = spec.find(',', pos);
    std::string item =
        spec.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? spec.size() : comma + 1;
    if (item.empty()) continue;
    size_t colon = item.find(':');
    std::string role = item.substr(0, colon);
    if (colon == std::string::npos || colon + 1 == item.size())
      return Error("token '" + role + "...' has no role", {},
                   "write ROLE:TOKEN, e.g. reader:abc,admin:xyz");
    Role r;
    if (role == "reader")
      r = Role::k_reader;
    else if (role == "writer")
      r = Role::k_writer;
    else if (role == "admin")
      r = Role::k_admin;
    else {
      std::string hint = did_you_mean(role, {"reader", "writer", "admin"});
      return Error("unknown role '" + role + "'", {},
                   hint.empty() ? "roles are reader, writer, admin" : hint);
    }
    out[item.substr(colon + 1)] = r;
  }
  return out;
}

RegistryApi::RegistryApi(MLPipeline& pipeline, registry::ModelRegistry& registry,
                         registry::WebhookTransport& webhooks, std::map<std::string, Role> tokens,
                         http::ServerOptions options)
    : m_pipeline(pipeline),
      m_registry(registry),
      m_webhooks(webhooks),
      m_tokens(std::move(tokens)),
      m_server((options.token.clear(), std::move(options))) {
  routes();
}

bool RegistryApi::allowed(const Request& req, Response& res, Role need, Role* role) const {
  auto auth = req.header("Authorization");
  std::string token;
  if (auth && auth->starts_with("Bearer ")) token = std::string(auth->substr(7));
  auto it = m_tokens.find(token);
  if (token.empty() || it == m_tokens.end()) {
    send_error(res, 401,
               Error("a valid bearer token is required", {}, "Authorization: Bearer TOKEN"));
    return false;
  }
  if (static_cast<int>(it->second) < static_cast<int>(need)) {
    send_error(res, 403,
               Error(std::string("this needs the ") + role_name(need) + " role; the token has " +
                     role_name(it->second)));
    return false;
  }
  if (role) *role = it->second;
  return true;
}

void RegistryApi::moved(const registry::AliasEvent& event) {
  (void)registry::deliver_event(m_registry, m_webhooks, event);
}

void RegistryApi::routes() {
  m_server.route("GET", "/health",
                 [](const Request&, Response& res) { send_json(res, 200, {{"status", "ok"}}); });
  m_server.route("GET", "/v1/models(?:/([^/]+)/versions)?",
                 [this](const Request& req, Response& res) {
                   if (!allowed(req, res, Role::k_reader)) return;
                   std::lock_guard lock(m_mutex);
                   auto all = m_registry.list(req.params.empty() ? "" : req.params[0]);
                   if (!all) return send_error(res, all.error());
                   json out = json::array();
                   for (const auto& v : *all) out.push_back(v.to_json());
                   send_json(res, 200, {{"versions", out}});
                 });
  m_server.route("GET", "/v1/models/([^/]+)/versions/([^/]+)",
                 [this](const Request& req, Response& res) {
                   if (!allowed(req, res, Role::k_reader)) return;
                   std::lock_guard lock(m_mutex);
                   auto v = m_registry.get(req.params[0], req.params[1]);
                   if (!v) return send_error(res, v.error());
                   send_json(res, 200, v->to_json());
                 });
  m_server.route("GET", "/v1/models/([^/]+)/aliases/([^/]+)",
                 [this](const Request& req, Response& res) {
                   if (!allowed(req, res, Role::k_reader)) return;
                   std::lock_guard lock(m_mutex);
                   std::string at = query_param(req, "at");
                   auto v = at.empty() ? m_registry.holder(req.params[0], req.params[1])
                                       : m_registry.holder_at(req.params[0], req.params[1], at);
                   if (!v) return send_error(res, v.error());
                   send_json(res, 200,
                             {{"name", req.params[0]},
                              {"alias", req.params[1]},
                              {"version", v->has_value() ? json(**v) : json(nullptr)}});
                 });
  m_server.route("GET", "/v1/models/([^/]+)/events", [this](const Request& req, Response& res) {
    if (!allowed(req, res, Role::k_reader)) return;
    std::lock_guard lock(m_mutex);
    auto events = m_registry.history(req.params[0], query_param(req, "alias"));
    if (!events) return send_error(res, events.error());
    json out = json::array();
    for (const auto& e : *events) out.push_back(e.to_json());
    send_json(res, 200, {{"events", out}});
  });
  m_server.route(
      "POST", "/v1/models/([^/]+)/aliases/([^/]+)", [this](const Request& req, Response& res) {
        Role role = Role::k_reader;
        if (!allowed(req, res, Role::k_writer, &role)) return;
        json body = body_json(req);
        if (!body.is_object())
          return send_error(res, 400, Error("request body must be a JSON object"));
        bool force = body.value("force", false);
        if (force && role != Role::k_admin)
          return send_error(res, 403, Error("\"force\" (past the gates) needs the admin role"));
        std::lock_guard lock(m_mutex);
        auto e = m_pipeline.promote_model({req.params[0], body.value("version", ""), req.params[1],
                                           db::current_actor() + " (api)", body.value("reason", ""),
                                           force});
        if (!e) return send_error(res, e.error());
        moved(*e);
        send_json(res, 200, e->to_json());
      });
  m_server.route("POST", "/v1/models/([^/]+)/aliases/([^/]+)/rollback",
                 [this](const Request& req, Response& res) {
                   if (!allowed(req, res, Role::k_writer)) return;
                   std::lock_guard lock(m_mutex);
                   json body = body_json(req);
                   std::string reason = body.is_object() ? body.value("reason", "") : "";
                   auto e = m_registry.rollback(req.params[0], req.params[1],
                                                db::current_actor() + " (api)", reason);
                   if (!e) return send_error(res, e.error());
                   moved(*e);
                   send_json(res, 200, e->to_json());
                 });
  m_server.route("GET", "/v1/webhooks", [this](const Request& req, Response& res) {
    if (!allowed(req, res, Role::k_admin)) return;
    std::lock_guard lock(m_mutex);
    auto urls = m_registry.webhooks();
    if (!urls) return send_error(res, urls.error());
    send_json(res, 200, {{"webhooks", *urls}});
  });
  m_server.route("POST", "/v1/webhooks", [this](const Request& req, Response& res) {
    if (!allowed(req, res, Role::k_admin)) return;
    std::lock_guard lock(m_mutex);
    json body = body_json(req);
    auto st = m_registry.add_webhook(body.is_object() ? body.value("url", "") : "");
    if (!st) return send_error(res, st.error());
    send_json(res, 201, {{"added", true}});
  });
}

}  // namespace strata::ml
