// Filters: one parser, one evaluator, one SQL writer per dialect. The SQL
// writers follow the evaluator's rules exactly (types never mix, a missing
// key fails every test but $ne/$nin), so a filtered query returns the same
// records from memory, from SQLite and from PostgreSQL.

#include "vector/filter.h"

#include <fmt/format.h>

#include <limits>

#include "util/suggest.h"

namespace strata::vec {

namespace {

using json = nlohmann::json;
using Op = Filter::Op;

struct OpName {
  const char* name;
  Op op;
};
constexpr OpName k_field_ops[] = {{"$eq", Op::k_eq},   {"$ne", Op::k_ne},  {"$gt", Op::k_gt},
                                  {"$gte", Op::k_gte}, {"$lt", Op::k_lt},  {"$lte", Op::k_lte},
                                  {"$in", Op::k_in},   {"$nin", Op::k_nin}};

std::vector<std::string> field_op_names() {
  std::vector<std::string> names;
  for (const auto& o : k_field_ops) names.push_back(o.name);
  return names;
}

bool is_scalar(const json& v) { return v.is_string() || v.is_number() || v.is_boolean(); }

Error filter_error(const std::string& where, const std::string& what, std::string hint = {}) {
  return Error(fmt::format("{}: {}", where, what), {}, std::move(hint));
}

// Keys become parts of JSON paths in SQL; quotes and backslashes could not
// be written there safely, so they are refused up front.
Status check_key(const std::string& key, const std::string& where) {
  if (key.empty()) return filter_error(where, "metadata key is empty");
  for (char c : key)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
      return filter_error(
          where,
          "metadata keys in filters may not contain quotes, backslashes or control characters");
  return ok_status();
}

Result<Filter> parse_node(const json& where, const std::string& path);

// "did you mean '$gte'? supported: $eq, $ne, ..." so an unknown operator
// always shows the ones that work.
std::string supported_hint(const std::string& name, const std::vector<std::string>& ops,
                           std::string_view extra = {}) {
  std::string hint = did_you_mean(name, ops);
  std::string list;
  for (const auto& o : ops) list += (list.empty() ? "" : ", ") + o;
  return (hint.empty() ? "" : hint + " ") + "(supported here: " + list + ")" + std::string(extra);
}

Result<Filter> parse_operand(const std::string& key, Op op, const json& value,
                             const std::string& path) {
  Filter f{op, key, value, {}};
  if (op == Op::k_in || op == Op::k_nin) {
    if (!value.is_array()) return filter_error(path, "needs an array of values");
    for (const auto& v : value)
      if (!is_scalar(v)) return filter_error(path, "values must be strings, numbers or booleans");
    return f;
  }
  if (op == Op::k_gt || op == Op::k_gte || op == Op::k_lt || op == Op::k_lte) {
    if (!value.is_number()) return filter_error(path, "needs a number");
    return f;
  }
  if (!is_scalar(value)) return filter_error(path, "value must be a string, number or boolean");
  return f;
}

Result<Filter> parse_field(const std::string& key, const json& cond, const std::string& path) {
  if (auto st = check_key(key, path); !st) return st.error();
  if (!cond.is_object()) return parse_operand(key, Op::k_eq, cond, path);
  if (cond.empty())
    return filter_error(path, "empty condition", "write {\"$eq\": value} or the value itself");
  Filter all{Op::k_and, {}, {}, {}};
  for (const auto& [name, value] : cond.items()) {
    std::string at = path + "." + name;
    const OpName* found = nullptr;
    for (const auto& o : k_field_ops)
      if (name == o.name) found = &o;
    if (!found) return filter_error(at, "unknown operator", supported_hint(name, field_op_names()));
    auto leaf = parse_operand(key, found->op, value, at);
    if (!leaf) return leaf.error();
    all.children.push_back(std::move(*leaf));
  }
  if (all.children.size() == 1) return std::move(all.children.front());
  return all;
}

Result<Filter> parse_group(Op op, const json& items, const std::string& path) {
  if (!items.is_array() || items.empty())
    return filter_error(path, "needs a non-empty array of conditions");
  Filter group{op, {}, {}, {}};
  for (size_t i = 0; i < items.size(); ++i) {
    auto child = parse_node(items[i], fmt::format("{}[{}]", path, i));
    if (!child) return child.error();
    group.children.push_back(std::move(*child));
  }
  return group;
}

Result<Filter> parse_node(const json& where, const std::string& path) {
  if (!where.is_object()) return filter_error(path, "expected an object");
  Filter all{Op::k_and, {}, {}, {}};
  for (const auto& [key, value] : where.items()) {
    std::string at = path + "." + key;
    Result<Filter> part = Filter{};
    if (key == "$and")
      part = parse_group(Op::k_and, value, at);
    else if (key == "$or")
      part = parse_group(Op::k_or, value, at);
    else if (key.starts_with("$"))
      return filter_error(
          at, "unknown operator",
          supported_hint(key, {"$and", "$or"},
                         " (field operators go inside a key: {\"year\": {\"$gte\": 2020}})"));
    else
      part = parse_field(key, value, at);
    if (!part) return part.error();
    all.children.push_back(std::move(*part));
  }
  if (all.children.empty()) return Filter{};
  if (all.children.size() == 1) return std::move(all.children.front());
  return all;
}

// Numbers compare exactly, as SQLite and PostgreSQL compare them: a long
// double holds every int64, uint64 and double without rounding (64-bit or
// wider mantissa on x86-64 and aarch64), where a double would make
// 2^53 + 1 equal 2^53 and the backends disagree.
static_assert(std::numeric_limits<long double>::digits >= 64);
long double number(const json& v) { return v.get<long double>(); }

bool values_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return number(a) == number(b);
  if (a.is_string() && b.is_string())
    return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
  if (a.is_boolean() && b.is_boolean()) return a.get<bool>() == b.get<bool>();
  return false;
}

bool in_list(const json& v, const json& list) {
  for (const auto& item : list)
    if (values_equal(v, item)) return true;
  return false;
}

bool compare(Op op, long double a, long double b) {
  switch (op) {
    case Op::k_gt:
      return a > b;
    case Op::k_gte:
      return a >= b;
    case Op::k_lt:
      return a < b;
    case Op::k_lte:
      return a <= b;
    default:
      return false;
  }
}

const char* sql_comparison(Op op) {
  switch (op) {
    case Op::k_gt:
      return ">";
    case Op::k_gte:
      return ">=";
    case Op::k_lt:
      return "<";
    default:
      return "<=";
  }
}

std::string quote_literal(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Writes SQL for one dialect; `m_params` collects bound values in order.
class SqlWriter {
 public:
  SqlWriter(SqlDialect dialect, std::string_view column, int first)
      : m_dialect(dialect), m_column(column), m_next(first) {}

  std::string write(const Filter& f) {
    switch (f.op) {
      case Op::k_all:
        return pg() ? "TRUE" : "1";
      case Op::k_and:
        return join(f.children, " AND ");
      case Op::k_or:
        return join(f.children, " OR ");
      case Op::k_eq:
        return equals(f.key, f.value);
      case Op::k_ne:
        return negate(equals(f.key, f.value));
      case Op::k_in:
        return any_of(f.key, f.value);
      case Op::k_nin:
        return negate(any_of(f.key, f.value));
      default:
        return range(f);
    }
  }
  std::vector<json> take_params() { return std::move(m_params); }

 private:
  bool pg() const { return m_dialect == SqlDialect::k_postgres; }

  std::string bind(json value) {
    m_params.push_back(std::move(value));
    return fmt::format("{}{}", pg() ? "$" : "?", m_next++);
  }
  std::string path(const std::string& key) const { return quote_literal("$.\"" + key + "\""); }
  std::string negate(const std::string& test) const {
    return pg() ? "NOT COALESCE(" + test + ", FALSE)" : "NOT IFNULL(" + test + ", 0)";
  }

  std::string join(const std::vector<Filter>& parts, const char* sep) {
    std::string out = "(";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + write(parts[i]);
    return out + ")";
  }

  std::string any_of(const std::string& key, const json& values) {
    if (values.empty()) return pg() ? "FALSE" : "0";
    std::string out = "(";
    for (size_t i = 0; i < values.size(); ++i) out += (i ? " OR " : "") + equals(key, values[i]);
    return out + ")";
  }

  // PostgreSQL: JSONB containment, which the GIN index on metadata serves.
  std::string equals(const std::string& key, const json& v) {
    if (pg()) return fmt::format("({} @> {}::jsonb)", m_column, bind(json{{key, v}}.dump()));
    std::string p = path(key);
    std::string type = fmt::format("json_type({}, {})", m_column, p);
    if (v.is_boolean()) return fmt::format("({} = '{}')", type, v.get<bool>() ? "true" : "false");
    std::string want = v.is_string() ? "= 'text'" : "IN ('integer', 'real')";
    return fmt::format("({} {} AND json_extract({}, {}) = {})", type, want, m_column, p, bind(v));
  }

  std::string range(const Filter& f) {
    const char* cmp = sql_comparison(f.op);
    if (pg()) {
      std::string k = quote_literal(f.key);
      return fmt::format(
          "((CASE WHEN jsonb_typeof({0}->{1}) = 'number' THEN ({0}->>{1})::numeric END) {2} "
          "{3}::numeric)",
          m_column, k, cmp, bind(f.value.dump()));
    }
    std::string p = path(f.key);
    return fmt::format(
        "(json_type({0}, {1}) IN ('integer', 'real') AND json_extract({0}, {1}) {2} {3})", m_column,
        p, cmp, bind(f.value));
  }

  SqlDialect m_dialect;
  std::string m_column;
  int m_next;
  std::vector<json> m_params;
};

}  // namespace

Result<Filter> parse_filter(const json& where) {
  if (where.is_null()) return Filter{};
  return parse_node(where, "where");
}

bool filter_matches(const Filter& f, const json& metadata) {
  auto field = [&]() -> const json* {
    auto it = metadata.find(f.key);
    return it == metadata.end() ? nullptr : &*it;
  };
  switch (f.op) {
    case Op::k_all:
      return true;
    case Op::k_and:
      for (const auto& c : f.children)
        if (!filter_matches(c, metadata)) return false;
      return true;
    case Op::k_or:
      for (const auto& c : f.children)
        if (filter_matches(c, metadata)) return true;
      return false;
    default:
      break;
  }
  const json* v = metadata.is_object() ? field() : nullptr;
  switch (f.op) {
    case Op::k_eq:
      return v && values_equal(*v, f.value);
    case Op::k_ne:
      return !v || !values_equal(*v, f.value);
    case Op::k_in:
      return v && in_list(*v, f.value);
    case Op::k_nin:
      return !v || !in_list(*v, f.value);
    default:
      return v && v->is_number() && compare(f.op, number(*v), number(f.value));
  }
}

SqlFilter filter_to_sql(const Filter& filter, SqlDialect dialect, std::string_view metadata_column,
                        int first_param) {
  SqlWriter w(dialect, metadata_column, first_param);
  std::string sql = w.write(filter);
  return {std::move(sql), w.take_params()};
}

namespace {

const char* kind_of(const json& v) {
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "boolean";
  if (v.is_null()) return "null";
  return v.is_array() ? "array" : "object";
}

void collect_warnings(const Filter& f, std::span<const json> metadata,
                      std::vector<std::string>& out) {
  for (const auto& child : f.children) collect_warnings(child, metadata, out);
  if (f.key.empty()) return;
  const json& sample = f.value.is_array() && !f.value.empty() ? f.value.front() : f.value;
  std::string wanted = kind_of(sample), stored;
  for (const auto& m : metadata) {
    auto it = m.find(f.key);
    if (it == m.end()) continue;
    if (kind_of(*it) == wanted) return;  // some record has the same type: no mismatch
    stored = kind_of(*it);
  }
  if (stored.empty()) return;
  out.push_back(fmt::format(
      "filter on '{}' compares a {} with values stored as {}s, so it matches none of them; "
      "write the value as a {}",
      f.key, wanted, stored, stored));
}

}  // namespace

std::vector<std::string> filter_type_warnings(const Filter& filter,
                                              std::span<const json> metadata) {
  std::vector<std::string> out;
  collect_warnings(filter, metadata, out);
  return out;
}

}  // namespace strata::vec
