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

json body_json(const Request& req) {
  json j = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  return j.is_object() ? j : json();
}

}  // namespace

Result<std::vector<http::TokenGrant>> legacy_token_grants(const std::string& spec) {
  std::vector<http::TokenGrant> out;
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
    auto r = http::parse_role(role);
    if (!r) {
      std::string hint = did_you_mean(role, {"reader", "writer", "admin"});
      return Error("unknown role '" + role + "'", {},
                   hint.empty() ? "roles are reader, writer, admin" : hint);
    }
    out.push_back({role + "-" + std::to_string(out.size() + 1), *r, item.substr(colon + 1)});
  }
  return out;
}

RegistryApi::RegistryApi(MLPipeline& pipeline, registry::ModelRegistry& registry,
                         registry::WebhookTransport& webhooks, http::ServerOptions options)
    : m_pipeline(pipeline),
      m_registry(registry),
      m_webhooks(webhooks),
      m_server(std::move(options)) {
  routes();
}

void RegistryApi::moved(const registry::AliasEvent& event) {
  (void)registry::deliver_event(m_registry, m_webhooks, event);
}

void RegistryApi::routes() {
  using enum http::Role;
  m_server.route("GET", "/health",
                 [](const Request&, Response& res) { send_json(res, 200, {{"status", "ok"}}); });
  m_server.route(
      "GET", "/v1/models(?:/([^/]+)/versions)?",
      [this](const Request& req, Response& res) {
        std::lock_guard lock(m_mutex);
        auto all = m_registry.list(req.params.empty() ? "" : req.params[0]);
        if (!all) return send_error(res, all.error());
        json out = json::array();
        for (const auto& v : *all) out.push_back(v.to_json());
        send_json(res, 200, {{"versions", out}});
      },
      k_reader);
  m_server.route(
      "GET", "/v1/models/([^/]+)/versions/([^/]+)",
      [this](const Request& req, Response& res) {
        std::lock_guard lock(m_mutex);
        auto v = m_registry.get(req.params[0], req.params[1]);
        if (!v) return send_error(res, v.error());
        send_json(res, 200, v->to_json());
      },
      k_reader);
  m_server.route(
      "GET", "/v1/models/([^/]+)/aliases/([^/]+)",
      [this](const Request& req, Response& res) {
        auto at = http::query_param(req, "at");
        if (!at) return send_error(res, at.error());
        std::lock_guard lock(m_mutex);
        auto v = at->empty() ? m_registry.holder(req.params[0], req.params[1])
                             : m_registry.holder_at(req.params[0], req.params[1], *at);
        if (!v) return send_error(res, v.error());
        send_json(res, 200,
                  {{"name", req.params[0]},
                   {"alias", req.params[1]},
                   {"version", v->has_value() ? json(**v) : json(nullptr)}});
      },
      k_reader);
  m_server.route(
      "GET", "/v1/models/([^/]+)/events",
      [this](const Request& req, Response& res) {
        auto alias = http::query_param(req, "alias");
        if (!alias) return send_error(res, alias.error());
        std::lock_guard lock(m_mutex);
        auto events = m_registry.history(req.params[0], *alias);
        if (!events) return send_error(res, events.error());
        json out = json::array();
        for (const auto& e : *events) out.push_back(e.to_json());
        send_json(res, 200, {{"events", out}});
      },
      k_reader);
  m_server.route(
      "POST", "/v1/models/([^/]+)/aliases/([^/]+)",
      [this](const Request& req, Response& res) {
        json body = body_json(req);
        if (!body.is_object())
          return send_error(res, 400, Error("request body must be a JSON object"));
        bool force = body.value("force", false);
        if (force && req.role < k_admin)
          return send_error(res, 403, Error("\"force\" (past the gates) needs the admin role"));
        std::lock_guard lock(m_mutex);
        auto e = m_pipeline.promote_model({req.params[0], body.value("version", ""), req.params[1],
                                           db::current_actor() + " (api)", body.value("reason", ""),
                                           force});
        if (!e) return send_error(res, e.error());
        moved(*e);
        send_json(res, 200, e->to_json());
      },
      k_writer);
  m_server.route(
      "POST", "/v1/models/([^/]+)/aliases/([^/]+)/rollback",
      [this](const Request& req, Response& res) {
        std::lock_guard lock(m_mutex);
        json body = body_json(req);
        std::string reason = body.is_object() ? body.value("reason", "") : "";
        auto e = m_registry.rollback(req.params[0], req.params[1], db::current_actor() + " (api)",
                                     reason);
        if (!e) return send_error(res, e.error());
        moved(*e);
        send_json(res, 200, e->to_json());
      },
      k_writer);
  m_server.route(
      "GET", "/v1/webhooks",
      [this](const Request&, Response& res) {
        std::lock_guard lock(m_mutex);
        auto urls = m_registry.webhooks();
        if (!urls) return send_error(res, urls.error());
        send_json(res, 200, {{"webhooks", *urls}});
      },
      k_admin);
  m_server.route(
      "POST", "/v1/webhooks",
      [this](const Request& req, Response& res) {
        std::lock_guard lock(m_mutex);
        json body = body_json(req);
        auto st = m_registry.add_webhook(body.is_object() ? body.value("url", "") : "");
        if (!st) return send_error(res, st.error());
        send_json(res, 201, {{"added", true}});
      },
      k_admin);
}

}  // namespace strata::ml
