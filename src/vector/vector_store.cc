// What every VectorStore adapter shares: metric names, record validation
// and the JSON line format of records and hits.

#include "vector/vector_store.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "util/suggest.h"

namespace strata::vec {

using json = nlohmann::json;

std::string_view metric_name(Metric m) {
  switch (m) {
    case Metric::k_l2:
      return "l2";
    case Metric::k_inner_product:
      return "ip";
    case Metric::k_cosine:
      break;
  }
  return "cosine";
}

Result<Metric> parse_metric(std::string_view name) {
  if (name == "cosine") return Metric::k_cosine;
  if (name == "l2" || name == "euclidean") return Metric::k_l2;
  if (name == "ip" || name == "inner_product" || name == "dot") return Metric::k_inner_product;
  return Error(fmt::format("unknown metric '{}' (cosine, l2 or ip)", name), {},
               did_you_mean(name, {"cosine", "l2", "ip"}));
}

std::string_view durability_name(Durability d) {
  return d == Durability::k_process ? "process" : "fsync";
}

Result<Durability> parse_durability(std::string_view name) {
  if (name == "fsync") return Durability::k_fsync;
  if (name == "process") return Durability::k_process;
  return Error(fmt::format("unknown durability '{}' (fsync or process)", name), {},
               did_you_mean(name, {"fsync", "process"}));
}

std::string_view index_kind_name(IndexKind k) {
  return k == IndexKind::k_ivfflat ? "ivfflat" : "hnsw";
}

Result<IndexKind> parse_index_kind(std::string_view name) {
  if (name == "hnsw") return IndexKind::k_hnsw;
  if (name == "ivfflat") return IndexKind::k_ivfflat;
  return Error(fmt::format("unknown index '{}' (hnsw or ivfflat)", name), {},
               did_you_mean(name, {"hnsw", "ivfflat"}));
}

Status validate_collection_name(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 63 && name[0] >= 'a' && name[0] <= 'z';
  for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (ok) return ok_status();
  return Error(fmt::format("invalid collection name '{}'", name), {},
               "use 1-63 lowercase letters, digits or '_', starting with a letter");
}

Status validate_record(const CollectionSpec& spec, const Record& r) {
  if (r.id.empty()) return Error("record has an empty id");
  if (static_cast<int>(r.embedding.size()) != spec.dim)
    return Error(
        fmt::format("record '{}': embedding has {} values, collection '{}' has dimension {}", r.id,
                    r.embedding.size(), spec.name, spec.dim));
  double norm = 0;
  for (float x : r.embedding) {
    if (!std::isfinite(x))
      return Error(fmt::format("record '{}': embedding has a value that is not finite", r.id));
    norm += static_cast<double>(x) * x;
  }
  if (spec.metric == Metric::k_cosine && norm == 0)
    return Error(
        fmt::format("record '{}': a zero vector has no direction for the cosine metric", r.id));
  if (!r.metadata.is_object() && !r.metadata.is_null())
    return Error(fmt::format("record '{}': metadata must be a JSON object", r.id));
  return ok_status();
}

Result<Record> record_from_json(const json& j) {
  if (!j.is_object()) return Error("expected a JSON object {\"id\", \"embedding\", \"metadata\"}");
  Record r;
  auto id = j.find("id");
  if (id == j.end() || !(id->is_string() || id->is_number_integer()))
    return Error("record needs an \"id\" (a string)");
  r.id = id->is_string() ? id->get<std::string>() : id->dump();
  auto emb = j.find("embedding");
  if (emb == j.end() || !emb->is_array())
    return Error(fmt::format("record '{}' needs an \"embedding\" array", r.id));
  r.embedding.reserve(emb->size());
  for (const auto& x : *emb) {
    if (!x.is_number())
      return Error(fmt::format("record '{}': embedding values must be numbers", r.id));
    // Converting a double outside float's range is undefined behaviour,
    // not infinity: such a value is refused before the conversion.
    double d = x.get<double>();
    if (std::fabs(d) > std::numeric_limits<float>::max())
      return Error(fmt::format("record '{}': embedding value {} is out of range for a 32-bit float",
                               r.id, x.dump()));
    r.embedding.push_back(static_cast<float>(d));
  }
  if (auto md = j.find("metadata"); md != j.end() && !md->is_null()) r.metadata = *md;
  return r;
}

std::vector<std::string> empty_result_warnings(VectorStore& store, const CollectionSpec& spec,
                                               const Filter& filter, std::vector<float> probe) {
  if (filter.matches_all()) return {};
  Query q;
  q.k = 64;
  q.embedding =
      probe.empty() ? std::vector<float>(static_cast<size_t>(spec.dim), 1.0f) : std::move(probe);
  auto hits = store.query(spec.name, q);
  if (!hits) return {};
  std::vector<json> metadata;
  for (const auto& h : *hits) metadata.push_back(h.metadata);
  return filter_type_warnings(filter, metadata);
}

json record_to_json(const Record& r) {
  return {{"id", r.id}, {"embedding", r.embedding}, {"metadata", r.metadata}};
}

json hit_to_json(const Hit& h) {
  return {{"id", h.id}, {"score", h.score}, {"metadata", h.metadata}};
}

}  // namespace strata::vec
