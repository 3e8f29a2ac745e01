// Each route parses its JSON body into the same structs the command line
// uses, validates against the collection before the store sees anything,
// and answers errors with the status of the error's kind (http/errors.h):
// 400 bad JSON or values, 404 unknown collection, 409 conflicting
// collection or a locked store, 500/503 for the store's own failures.
// Timeouts, limits, 401/405/413 and /metrics are the HTTP layer's.

#include "vector/http_api.h"

#include <fmt/format.h>

#include <optional>
#include <vector>

#include "http/errors.h"
#include "vector/embedding_text.h"

namespace strata::vec {

using json = nlohmann::json;
using http::Request;
using http::Response;
using http::send_error;
using http::send_json;

namespace {

// The body as JSON. With `embedding`, a body of the plain query shape has
// its embedding read straight from the text (vector/embedding_text.h) into
// it, and null in its place in the JSON.
Result<json> body_json(const Request& req, std::optional<std::vector<float>>* embedding = nullptr) {
  if (embedding)
    if (auto split = split_embedding(req.body)) {
      json j = json::parse(split->rest, nullptr, false);
      if (j.is_object() && j.contains("embedding") && j["embedding"].is_null()) {
        *embedding = std::move(split->embedding);
        return j;
      }
    }
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return Error("request body is not valid JSON");
  if (!j.is_object()) return Error("request body must be a JSON object");
  return j;
}

// Bad input is 400 whatever kind the parser left on it.
Error invalid(Error e) { return std::move(e).of(ErrorKind::k_invalid_input); }

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

Result<std::vector<float>> sized(std::vector<float> v, int dim) {
  if (static_cast<int>(v.size()) != dim)
    return Error(
        fmt::format("\"embedding\" has {} values, the collection has dimension {}", v.size(), dim));
  return v;
}

Result<std::vector<float>> vector_field(const json& v, int dim) {
  if (!v.is_array()) return Error("\"embedding\" must be an array of numbers");
  std::vector<float> out;
  for (const auto& x : v) {
    if (!x.is_number()) return Error("\"embedding\" must be an array of numbers");
    out.push_back(x.get<float>());
  }
  return sized(std::move(out), dim);
}

Result<Query> query_fields(const json& body, const CollectionSpec& spec) {
  Query q;
  auto k = body.find("k");
  if (k != body.end() && (!k->is_number_integer() || k->get<int>() < 1 || k->get<int>() > 10000))
    return Error("\"k\" must be an integer from 1 to 10000");
  if (k != body.end()) q.k = k->get<int>();
  auto ef = body.find("ef");
  if (ef != body.end() &&
      (!ef->is_number_integer() || ef->get<int>() < 1 || ef->get<int>() > 100000))
    return Error("\"ef\" must be a positive integer");
  if (ef != body.end()) q.ef = ef->get<int>();
  auto where = parse_filter(body.value("where", json()));
  if (!where) return where.error();
  q.filter = std::move(*where);
  return q;
}

}  // namespace

HttpApi::HttpApi(VectorStore& store, HttpOptions options)
    : m_store(store), m_server(std::move(options)) {
  routes();
}

HttpApi::~HttpApi() = default;

void HttpApi::routes() {
  auto& s = m_server;
  s.route("GET", "/health",
          [](const Request&, Response& res) { send_json(res, 200, {{"status", "ok"}}); });

  s.route("GET", "/v1/collections", [this](const Request&, Response& res) {
    auto all = m_store.collections();
    if (!all) return send_error(res, all.error());
    json out = json::array();
    for (const auto& c : *all)
      out.push_back({{"name", c.name}, {"dim", c.dim}, {"metric", metric_name(c.metric)}});
    send_json(res, 200, {{"collections", out}});
  });

  s.route(
      "POST", "/v1/collections",
      [this](const Request& req, Response& res) {
        auto body = body_json(req);
        if (!body) return send_error(res, body.error());
        CollectionSpec spec;
        spec.name = body->value("name", "");
        auto dim = body->find("dim");
        if (dim == body->end() || !dim->is_number_integer())
          return send_error(res, Error("\"dim\" must be an integer"));
        spec.dim = dim->get<int>();
        auto metric = parse_metric(body->value("metric", "cosine"));
        if (!metric) return send_error(res, invalid(metric.error()));
        spec.metric = *metric;
        auto index = parse_index_kind(body->value("index", "hnsw"));
        if (!index) return send_error(res, invalid(index.error()));
        spec.index = *index;
        auto durability = parse_durability(body->value("durability", "fsync"));
        if (!durability) return send_error(res, invalid(durability.error()));
        spec.durability = *durability;
        if (auto st = validate_collection_name(spec.name); !st)
          return send_error(res, invalid(st.error()));
        if (auto existing = m_store.collection(spec.name);
            existing.ok() && (existing->dim != spec.dim || existing->metric != spec.metric))
          return send_error(
              res, Error(fmt::format("collection '{}' exists with dimension {} and metric {}",
                                     spec.name, existing->dim, metric_name(existing->metric)))
                       .of(ErrorKind::k_conflict));
        if (auto st = m_store.create_collection(spec); !st) return send_error(res, st.error());
        send_json(res, 201,
                  {{"name", spec.name}, {"dim", spec.dim}, {"metric", metric_name(spec.metric)}});
      },
      http::Role::k_admin);

  // Every per-collection route: find the collection (404 if unknown), parse
  // the body (400 if bad), then run the operation; its error's kind picks
  // the status.
  auto with_collection = [this](auto op) {
    return [this, op](const Request& req, Response& res) {
      auto spec = m_store.collection(req.params.at(0));
      if (!spec) return send_error(res, spec.error());
      auto body = req.method == "POST" ? body_json(req) : Result<json>(json::object());
      if (!body) return send_error(res, body.error());
      Result<json> out = op(*spec, *body);
      if (!out) return send_error(res, out.error());
      send_json(res, 200, *out);
    };
  };
  const std::string one = "/v1/collections/([^/]+)";

  s.route("GET", one,
          with_collection([this](const CollectionSpec& spec, const json&) -> Result<json> {
            auto info = m_store.info(spec.name);
            if (!info) return info.error();
            // Where the server keeps its files, or which database it uses, is
            // none of a client's business.
            info->erase("path");
            info->erase("url");
            return info;
          }));

  s.route("DELETE", one,
          with_collection([this](const CollectionSpec& spec, const json&) -> Result<json> {
            if (auto st = m_store.drop_collection(spec.name); !st) return st.error();
            return json{{"dropped", spec.name}};
          }),
          http::Role::k_admin);

  s.route("POST", one + "/upsert",
          with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
            auto items = body.find("records");
            if (items == body.end() || !items->is_array())
              return Error("\"records\" must be an array");
            std::vector<Record> records;
            for (size_t i = 0; i < items->size(); ++i) {
              auto r = record_from_json((*items)[i]);
              if (r) {
                if (auto st = validate_record(spec, *r); !st) r = st.error();
              }
              if (!r) return invalid(Error(fmt::format("records[{}]: {}", i, r.error().message)));
              records.push_back(std::move(*r));
            }
            if (auto st = m_store.upsert(spec.name, records); !st) return st.error();
            return json{{"upserted", records.size()}};
          }),
          http::Role::k_writer);

  s.route("POST", one + "/get",
          with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
            auto ids = ids_field(body);
            if (!ids) return ids.error();
            auto got = m_store.get(spec.name, *ids);
            if (!got) return got.error();
            json out = json::array();
            for (const auto& r : *got) out.push_back(record_to_json(r));
            return json{{"records", out}};
          }));

  s.route("POST", one + "/delete",
          with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
            auto ids = ids_field(body);
            if (!ids) return ids.error();
            auto n = m_store.remove(spec.name, *ids);
            if (!n) return n.error();
            return json{{"deleted", *n}};
          }),
          http::Role::k_writer);

  s.route("POST", one + "/count",
          with_collection([this](const CollectionSpec& spec, const json& body) -> Result<json> {
            auto where = parse_filter(body.value("where", json()));
            if (!where) return invalid(where.error());
            auto n = m_store.count(spec.name, *where);
            if (!n) return n.error();
            json out = {{"count", *n}};
            if (*n == 0)
              if (auto w = empty_result_warnings(m_store, spec, *where); !w.empty())
                out["warnings"] = w;
            return out;
          }));

  // As with_collection, with the embedding read by the fast path when the
  // body has the plain shape.
  auto query = [this](const CollectionSpec& spec, const json& body,
                      std::optional<std::vector<float>>& read) -> Result<json> {
    auto q = query_fields(body, spec);
    if (!q) return invalid(q.error());
    auto emb = body.find("embedding");
    if (emb == body.end()) return Error("\"embedding\" is required");
    auto v = read ? sized(std::move(*read), spec.dim) : vector_field(*emb, spec.dim);
    if (!v) return v.error();
    q->embedding = std::move(*v);
    auto hits = m_store.query(spec.name, *q);
    if (!hits) return hits.error();
    json out = json::array();
    for (const auto& h : *hits) out.push_back(hit_to_json(h));
    json answer = {{"hits", out}};
    if (hits->empty())
      if (auto w = empty_result_warnings(m_store, spec, q->filter, q->embedding); !w.empty())
        answer["warnings"] = w;
    return answer;
  };
  s.route("POST", one + "/query", [this, query](const Request& req, Response& res) {
    auto spec = m_store.collection(req.params.at(0));
    if (!spec) return send_error(res, spec.error());
    std::optional<std::vector<float>> read;
    auto body = body_json(req, &read);
    if (!body) return send_error(res, body.error());
    Result<json> out = query(*spec, *body, read);
    if (!out) return send_error(res, out.error());
    send_json(res, 200, *out);
  });
}

}  // namespace strata::vec
