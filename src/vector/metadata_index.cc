// Candidates are sorted slot lists: $in and $or take their union, $and the
// intersection of its equality-shaped children (a child it cannot answer
// makes the result a superset, marked inexact, which the caller checks with
// filter_matches). The lists are shared by many queries running at once,
// so candidates() never modifies them.

#include "vector/metadata_index.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace strata::vec {

namespace {

std::vector<int64_t> unite(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::vector<int64_t> out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<int64_t> intersect(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::vector<int64_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

std::optional<std::string> posting_key(const std::string& key, const nlohmann::json& value) {
  if (value.is_number()) {
    double d = value.get<double>();
    if (d == 0) d = 0;  // -0 equals 0
    return fmt::format("{}:{}n{}", key.size(), key, d);
  }
  if (value.is_string())
    return fmt::format("{}:{}s{}", key.size(), key, value.get_ref<const std::string&>());
  if (value.is_boolean())
    return fmt::format("{}:{}{}", key.size(), key, value.get<bool>() ? "t" : "f");
  return std::nullopt;
}

void MetadataIndex::add(int64_t slot, const nlohmann::json& metadata) {
  if (!metadata.is_object()) return;
  for (const auto& [key, value] : metadata.items()) {
    auto pk = posting_key(key, value);
    if (!pk) continue;
    auto& list = m_postings[*pk];
    if (!list.empty() && list.back() >= slot) m_sorted = false;
    list.push_back(slot);
  }
}

void MetadataIndex::seal() {
  if (m_sorted) return;
  for (auto& [key, list] : m_postings) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  m_sorted = true;
}

void MetadataIndex::clear() {
  m_postings.clear();
  m_sorted = true;
}

const std::vector<int64_t>* MetadataIndex::postings(const std::string& key,
                                                    const nlohmann::json& value) const {
  static const std::vector<int64_t> none;
  auto pk = posting_key(key, value);
  if (!pk) return &none;  // a value equality never matches
  auto it = m_postings.find(*pk);
  return it == m_postings.end() ? &none : &it->second;
}

std::optional<MetadataIndex::Candidates> MetadataIndex::leaf(const Filter& f) const {
  if (f.op == Filter::Op::k_eq) return Candidates{*postings(f.key, f.value), true};
  if (f.op != Filter::Op::k_in) return std::nullopt;
  Candidates out;
  for (const auto& v : f.value) out.slots = unite(out.slots, *postings(f.key, v));
  return out;
}

std::optional<MetadataIndex::Candidates> MetadataIndex::all_of(const Filter& f) const {
  std::optional<Candidates> out;
  bool skipped = false;
  for (const auto& child : f.children) {
    auto c = candidates(child);
    if (!c) {
      skipped = true;
      continue;
    }
    if (!out) {
      out = std::move(c);
      continue;
    }
    out->slots = intersect(out->slots, c->slots);
    out->exact = out->exact && c->exact;
  }
  if (out && skipped) out->exact = false;
  return out;
}

std::optional<MetadataIndex::Candidates> MetadataIndex::any_of(const Filter& f) const {
  Candidates out;
  for (const auto& child : f.children) {
    auto c = candidates(child);
    if (!c) return std::nullopt;  // one unanswerable branch could match any row
    out.slots = unite(out.slots, c->slots);
    out.exact = out.exact && c->exact;
  }
  return out;
}

std::optional<MetadataIndex::Candidates> MetadataIndex::candidates(const Filter& filter) const {
  if (!m_sorted) return std::nullopt;  // not sealed: the caller scans
  switch (filter.op) {
    case Filter::Op::k_and:
      return all_of(filter);
    case Filter::Op::k_or:
      return any_of(filter);
    case Filter::Op::k_all:
      return std::nullopt;
    default:
      return leaf(filter);
  }
}

}  // namespace strata::vec
