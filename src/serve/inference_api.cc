// Routes are the protocol's paths; model names and versions are matched
// by the same character class the model source accepts, so a path never
// reaches the source with a slash or a dot-dot in it.

#include "serve/inference_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "http/errors.h"
#include "serve/protocol.h"

namespace strata::serve {

namespace {

using nlohmann::json;
constexpr const char* k_name = "([A-Za-z0-9_.-]+)";

json tensor_specs(const std::vector<TensorSpec>& specs) {
  json out = json::array();
  for (const auto& s : specs)
    out.push_back({{"name", s.name}, {"datatype", datatype_name(s.datatype)}, {"shape", s.shape}});
  return out;
}

std::string path(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

}  // namespace

void send_v2_error(http::Response& res, const Error& e) {
  std::string message = e.message;
  if (!e.hint.empty()) message += " (hint: " + e.hint + ")";
  http::send_json(res, http::status_for(e.kind), {{"error", message}});
}

InferenceApi::InferenceApi(ServedModels& models, http::ServerOptions options)
    : m_models(models), m_server(std::move(options)) {
  m_server.metrics().add_section([this] { return m_models.render_metrics(); });
  routes();
}

void InferenceApi::routes() {
  m_server.route("GET", "/v2/health/live", [](const http::Request&, http::Response& res) {
    http::send_json(res, 200, {{"live", true}});
  });
  // Every model is loaded before the server listens, so a server that
  // answers is ready.
  m_server.route("GET", "/v2/health/ready", [](const http::Request&, http::Response& res) {
    http::send_json(res, 200, {{"ready", true}});
  });
  m_server.route("GET", "/v2", [](const http::Request&, http::Response& res) {
    http::send_json(res, 200,
                    {{"name", "strata"},
                     {"version", "0.1.0"},
                     {"extensions", {"binary_tensor_data", "model_repository"}}});
  });
  m_server.route(
      "GET", path({"/v2/models/", k_name}),
      [this](const http::Request& req, http::Response& res) { metadata(res, req.params[0], ""); });
  m_server.route("GET", path({"/v2/models/", k_name, "/versions/", k_name}),
                 [this](const http::Request& req, http::Response& res) {
                   metadata(res, req.params[0], req.params[1]);
                 });
  auto ready = [this](const http::Request& req, http::Response& res) {
    auto m = m_models.find(req.params[0], req.params.size() > 1 ? req.params[1] : "");
    if (!m)
      return send_v2_error(
          res,
          Error(fmt::format("model '{}' is not served", req.params[0])).of(ErrorKind::k_not_found));
    http::send_json(res, 200,
                    {{"name", req.params[0]}, {"version", m->version()}, {"ready", true}});
  };
  m_server.route("GET", path({"/v2/models/", k_name, "/ready"}), ready);
  m_server.route("GET", path({"/v2/models/", k_name, "/versions/", k_name, "/ready"}), ready);
  m_server.route("POST", path({"/v2/models/", k_name, "/infer"}),
                 [this](const http::Request& req, http::Response& res) {
                   infer(req, res, req.params[0], "");
                 });
  m_server.route("POST", path({"/v2/models/", k_name, "/versions/", k_name, "/infer"}),
                 [this](const http::Request& req, http::Response& res) {
                   infer(req, res, req.params[0], req.params[1]);
                 });
  // Repository extension: load re-resolves the model's alias and swaps to
  // the version it names now; rollback serves the previous one again.
  auto outcome = [](http::Response& res, const Result<ReloadOutcome>& r) {
    if (!r) return send_v2_error(res, r.error());
    http::send_json(
        res, 200,
        {{"name", r->model}, {"from", r->from}, {"version", r->to}, {"changed", r->from != r->to}});
  };
  m_server.route("POST", path({"/v2/repository/models/", k_name, "/load"}),
                 [this, outcome](const http::Request& req, http::Response& res) {
                   outcome(res, m_models.reload(req.params[0]));
                 });
  m_server.route("POST", path({"/v2/repository/models/", k_name, "/rollback"}),
                 [this, outcome](const http::Request& req, http::Response& res) {
                   outcome(res, m_models.rollback(req.params[0]));
                 });
  m_server.route("POST", "/v2/repository/index", [this](const http::Request&, http::Response& res) {
    json out = json::array();
    for (const auto& name : m_models.names())
      if (auto m = m_models.find(name))
        out.push_back({{"name", name}, {"version", m->version()}, {"state", "READY"}});
    http::send_json(res, 200, out);
  });
}

void InferenceApi::metadata(http::Response& res, const std::string& name,
                            const std::string& version) {
  auto m = m_models.find(name, version);
  if (!m)
    return send_v2_error(
        res,
        Error(version.empty() ? fmt::format("model '{}' is not served", name)
                              : fmt::format("model '{}' has no version '{}' loaded", name, version))
            .of(ErrorKind::k_not_found));
  const Manifest& mf = m->manifest();
  http::send_json(res, 200,
                  {{"name", name},
                   {"versions", {m->version()}},
                   {"platform", backend_name(mf.backend)},
                   {"inputs", tensor_specs(mf.inputs)},
                   {"outputs", tensor_specs(mf.outputs)}});
}

void InferenceApi::infer(const http::Request& req, http::Response& res, const std::string& name,
                         const std::string& version) {
  // Taken once: the request runs on this version even if a swap happens now.
  auto model = m_models.find(name, version);
  if (!model)
    return send_v2_error(res, Error(fmt::format("model '{}'{} is not served", name,
                                                version.empty() ? "" : " version " + version))
                                  .of(ErrorKind::k_not_found));
  auto parsed = parse_infer_request(req.body, req.header("Inference-Header-Content-Length"));
  if (!parsed) return send_v2_error(res, parsed.error());
  auto outputs = model->infer(std::move(parsed->inputs));
  if (!outputs) return send_v2_error(res, outputs.error());
  auto built = build_infer_response(name, model->version(), *parsed, *outputs);
  if (!built) return send_v2_error(res, built.error());
  res.status = 200;
  res.body = std::move(built->body);
  if (built->header_length) {
    res.content_type = "application/octet-stream";
    res.set_header("Inference-Header-Content-Length", std::to_string(*built->header_length));
  }
}

}  // namespace strata::serve
