// Each route parses its JSON body into the same structs the command line
// uses, validates against the collection before the store sees anything,
// and answers errors as {"error": {...}} with the status that names the
// problem: 400 bad JSON or values, 401 no or wrong token, 404 unknown
// collection or route, 409 conflicting collection, 413 body too large.

#include "vector/http_api.h"

#include <httplib.h>

#include <fmt/format.h>

namespace strata::vec {

using json = nlohmann::json;

namespace {

// An HTTP answer for a failed request.
struct HttpError {
  int status;
  std::string code;
  Error error;
};

const char* code_for(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    default: return status >= 500 ? "internal" : "error";
  }
}

void send(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump() + "\n", "application/json");
}

void send_error(httplib::Response& res, const HttpError& e) {
  json err = {{"code", e.code}, {"message", e.error.str()}};
  if (!e.error.hint.empty()) err["hint"] = e.error.hint;
  send(res, e.status, {{"error", err}});
}

HttpError bad(Error e) { return {400, "bad_request", std::move(e)}; }

// Constant-time comparison, so response times do not leak the token.
bool same_token(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

Result<json> body_json(const httplib::Request& req) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return Error("request body is not valid JSON");
  if (!j.is_object()) return Error("request body must be a JSON object");
  return j;
}

Result<std::vector<std::string>> ids_field(const json& body) {
  auto it = body.find("ids");
  if (it == body.end() || !it->is_array()) return Error("\"ids\" must be an array of strings");
  std::vector<std::string> ids;
  for (const auto& id : *it) {
    if (!id.is_string()) return Error("\"ids\" must be an array of strings");
    ids.push_back(id.get<std::string>());
  }
  return ids;
}

Result<std::vector<float>> vector_field(const json& v, int dim) {
  if (!v.is_array()) return Error("\"embedding\" must be an array of numbers");
  std::vector<float> out;
  for (const auto& x : v) {
    if (!x.is_number()) return Error("\"embedding\" must be an array of numbers");
    out.push_back(x.get<float>());
  }
  if (static_cast<int>(out.size()) != dim)
    return Error(fmt::format("\"embedding\" has {} values, the collection has dimension {}", out.size(), dim));
  return out;
}

Result<Query> query_fields(const json& body, const CollectionSpec& spec) {
  Query q;
  auto k = body.find("k");
  if (k != body.end() && (!k->is_number_integer() || k->get<int>() < 1 || k->get<int>() > 10000))
    return Error("\"k\" must be an integer from 1 to 10000");
  if (k != body.end()) q.k = k->get<int>();
  auto ef = body.find("ef");
  if (ef != body.end() && (!ef->is_number_integer() || ef->get<int>() < 1 || ef->get<int>() > 100000))
    return Error("\"ef\" must be a positive integer");
  if (ef != body.end()) q.ef = ef->get<int>();
  auto where = parse_filter(body.value("where", json()));
  if (!where) return where.error();
  q.filter = std::move(*where);
  return q;
}

}  // namespace

HttpApi::HttpApi(VectorStore& store, HttpOptions options)
    : m_store(store), m_options(std::move(options)), m_server(std::make_unique<httplib::Server>()) {
  routes();
}

HttpApi::~HttpApi() = default;

Result<int> HttpApi::bind() {
  int port = m_options.port == 0 ? m_server->bind_to_any_port(m_options.host)
                                 : (m_server->bind_to_port(m_options.host, m_options.port) ? m_options.port : -1);
  if (port < 0)
    return Error(fmt::format("cannot listen on {}:{}", m_options.host, m_options.port), {},
                 "is another server using the port? pick another with --port (0 picks a free one)");
  return port;
}

Status HttpApi::listen() {
  if (!m_server->listen_after_bind()) return Error("the HTTP server stopped with an error");
  return ok_status();
}

void HttpApi::stop() { m_server->stop(); }

void HttpApi::routes() {
  auto& s = *m_server;
  s.set_payload_max_length(m_options.max_body_bytes);
  // Answers are written as headers then body; without TCP_NODELAY Nagle's
  // algorithm holds the body back until the client's delayed ACK (~40 ms).
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(100000);
  int threads = m_options.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };

  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (m_options.token.empty() || req.path == "/health") return httplib::Server::HandlerResponse::Unhandled;
    std::string auth = req.get_header_value("Authorization");
    std::string_view given = std::string_view(auth).starts_with("Bearer ") ? std::string_view(auth).substr(7) : "";
    if (same_token(given, m_options.token)) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, {401, "unauthorized", Error("missing or wrong bearer token", {}, "send 'Authorization: Bearer TOKEN'")});
    return httplib::Server::HandlerResponse::Handled;
  });
  // Errors httplib answers itself (no route, body too large, bad request
  // line) get the same JSON shape as ours.
  s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string what = res.status == 404   ? fmt::format("no route {} {}", req.method, req.path)
                       : res.status == 413 ? "request body is larger than the server accepts"
                                           : "bad request";
    send_error(res, {res.status, code_for(res.status), Error(what)});
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = std::string("internal error: ") + e.what();
    } catch (...) {
    }
    send_error(res, {500, "internal", Error(what)});
  });

  s.Get("/health", [](const httplib::Request&, httplib::Response& res) { send(res, 200, {{"status", "ok"}}); });

  s.Get("/v1/collections", [this](const httplib::Request&, httplib::Response& res) {
    auto all = m_store.collections();
    if (!all) return send_error(res, {500, "internal", all.error()});
    json out = json::array();
    for (const auto& c : *all) out.push_back({{"name", c.name}, {"dim", c.dim}, {"metric", metric_name(c.metric)}});
    send(res, 200, {{"collections", out}});
  });

  s.Post("/v1/collections", [this](const httplib::Request& req, httplib::Response& res) {
    auto body = body_json(req);
    if (!body) return send_error(res, bad(body.error()));
    CollectionSpec spec;
    spec.name = body->value("name", "");
    auto dim = body->find("dim");
    if (dim == body->end() || !dim->is_number_integer()) return send_error(res, bad(Error("\"dim\" must be an integer")));
    spec.dim = dim->get<int>();
    auto metric = parse_metric(body->value("metric", "cosine"));
    if (!metric) return send_error(res, bad(metric.error()));
    spec.metric = *metric;
    auto index = parse_index_kind(body->value("index", "hnsw"));
    if (!index) return send_error(res, bad(index.error()));
    spec.index = *index;
    auto durability = parse_durability(body->value("durability", "fsync"));
    if (!durability) return send_error(res, bad(durability.error()));
    spec.durability = *durability;
    if (auto st = validate_collection_name(spec.name); !st) return send_error(res, bad(st.error()));
    if (auto existing = m_store.collection(spec.name); existing.ok() &&
        (existing->dim != spec.dim || existing->metric != spec.metric))
      return send_error(res, {409, "conflict",
                              Error(fmt::format("collection '{}' exists with dimension {} and metric {}", spec.name,
                                                existing->dim, metric_name(existing->metric)))});
    if (auto st = m_store.create_collection(spec); !st) return send_error(res, bad(st.error()));
    send(res, 201, {{"name", spec.name}, {"dim", spec.dim}, {"metric", metric_name(spec.metric)}});
  });

  // Every per-collection route: find the collection (404 if unknown), parse
  // the body (400 if bad), then run the operation.
  auto with_collection = [this](auto op) {
    return [this, op](const httplib::Request& req, httplib::Response& res) {
      auto spec = m_store.collection(req.matches[1].str());
      if (!spec) return send_error(res, {404, "not_found", spec.error()});
      auto body = req.method == "GET" ? Result<json>(json::object()) : body_json(req);
      if (!body) return send_error(res, bad(body.error()));
      Result<json> out = op(*spec, *body);
      if (!out) return send_error(res, bad(out.error()));
      send(res, 200, *out);
    };
  };

  s.Get(R"(/v1/collections/([^/]+))", with_collection([this](const CollectionSpec& spec, const json&) {
          return m_store.info(spec.name);
        }));

  s.Post(R"(/v1/collections/([^/]+)/upsert)", with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
           auto items = body.find("records");
           if (items == body.end() || !items->is_array()) return Error("\"records\" must be an array");
           std::vector<Record> records;
           for (size_t i = 0; i < items->size(); ++i) {
             auto r = record_from_json((*items)[i]);
             if (r) {
               if (auto st = validate_record(spec, *r); !st) r = st.error();
             }
             if (!r) return Error(fmt::format("records[{}]: {}", i, r.error().message));
             records.push_back(std::move(*r));
           }
           if (auto st = m_store.upsert(spec.name, records); !st) return st.error();
           return json{{"upserted", records.size()}};
         }));

  s.Post(R"(/v1/collections/([^/]+)/get)", with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
           auto ids = ids_field(body);
           if (!ids) return ids.error();
           auto got = m_store.get(spec.name, *ids);
           if (!got) return got.error();
           json out = json::array();
           for (const auto& r : *got) out.push_back(record_to_json(r));
           return json{{"records", out}};
         }));

  s.Post(R"(/v1/collections/([^/]+)/delete)", with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
           auto ids = ids_field(body);
           if (!ids) return ids.error();
           auto n = m_store.remove(spec.name, *ids);
           if (!n) return n.error();
           return json{{"deleted", *n}};
         }));

  s.Post(R"(/v1/collections/([^/]+)/count)", with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
           auto where = parse_filter(body.value("where", json()));
           if (!where) return where.error();
           auto n = m_store.count(spec.name, *where);
           if (!n) return n.error();
           return json{{"count", *n}};
         }));

  s.Post(R"(/v1/collections/([^/]+)/query)", with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
           auto q = query_fields(body, spec);
           if (!q) return q.error();
           auto emb = body.find("embedding");
           if (emb == body.end()) return Error("\"embedding\" is required");
           auto v = vector_field(*emb, spec.dim);
           if (!v) return v.error();
           q->embedding = std::move(*v);
           auto hits = m_store.query(spec.name, *q);
           if (!hits) return hits.error();
           json out = json::array();
           for (const auto& h : *hits) out.push_back(hit_to_json(h));
           return json{{"hits", out}};
         }));
}

}  // namespace strata::vec
