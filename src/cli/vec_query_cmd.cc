// vec query: top-k nearest records for each query line or --vector, one
// JSON line of hits per query. With --parallel N, N lines are answered at
// once (a server answers them on as many connections) and printed in input
// order, so the output is the same as one at a time.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <optional>
#include <vector>

#include "cli/command_support.h"
#include "cli/vec_cmd.h"
#include "util/json_limits.h"
#include "util/ordered_parallel.h"
#include "vector/embedding_text.h"

namespace strata::cli::vec_cli {

namespace {

constexpr int k_max_parallel = 256;

double cpu_seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

using json = nlohmann::json;
using namespace strata::vec;
using enum ExitCode;

// A query line's k, ef and where, over `q`'s defaults.
Result<Query> query_options(const json& j, Query q) {
  if (!j.is_object()) return q;
  if (j.contains("k") && j["k"].is_number_integer()) q.k = j["k"];
  if (j.contains("ef") && j["ef"].is_number_integer()) q.ef = j["ef"];
  if (j.contains("where")) {
    auto f = parse_filter(j["where"]);
    if (!f) return f.error();
    q.filter = std::move(*f);
  }
  return q;
}

// One query from a line: a bare array, or {"embedding", "k", "where", "ef", "id"}.
// `embedding`, if given, is the line's embedding read by split_embedding
// (its place in `j` holds null).
Result<Query> query_from_json(const json& j, const Query& defaults,
                              std::vector<float>* embedding = nullptr) {
  Query q = defaults;
  if (embedding) {
    q.embedding = std::move(*embedding);
    return query_options(j, std::move(q));
  }
  const json* emb =
      j.is_array() ? &j : (j.is_object() && j.contains("embedding") ? &j["embedding"] : nullptr);
  if (!emb || !emb->is_array())
    return Error("expected an embedding array or {\"embedding\": [...]}");
  for (const auto& x : *emb) {
    if (!x.is_number()) return Error("embedding values must be numbers");
    q.embedding.push_back(x.get<float>());
  }
  return query_options(j, std::move(q));
}

// A parsed query line: the JSON without its embedding when the fast path
// read that (split_embedding), else the whole line.
struct QueryLine {
  json j;
  std::optional<std::vector<float>> embedding;
};

QueryLine read_query_line(const std::string& line) {
  QueryLine out;
  if (line.size() <= k_config_max_bytes) {
    if (auto split = split_embedding(line)) {
      out.j = parse_json_line(split->rest);
      const json& j = out.j;
      if (j.is_object() && j.contains("embedding") && j["embedding"].is_null()) {
        out.embedding = std::move(split->embedding);
        return out;
      }
    }
  }
  out.j = parse_json_line(line);
  return out;
}

// A query's answer as it is printed: the warnings for stderr, then its
// JSON line. Made on a worker, printed in the line's turn.
struct Answer {
  std::vector<std::string> warnings;
  std::string line;
};

Result<Answer> answer(VectorStore& store, const std::string& name, const Query& q,
                      const json& tag) {
  auto hits = store.query(name, q);
  if (!hits) return hits.error();
  Answer a;
  // Only an empty answer needs the collection (one more round trip to a server).
  if (hits->empty())
    if (auto spec = store.collection(name); spec)
      a.warnings = empty_result_warnings(store, *spec, q.filter, q.embedding);
  json out = json::array();
  for (const auto& h : *hits) out.push_back(hit_to_json(h));
  json line = {{"hits", out}};
  if (!tag.is_null()) line["id"] = tag;
  a.line = line.dump() + "\n";
  return a;
}

void print(const Answer& a) {
  warn_all(a.warnings);
  std::fwrite(a.line.data(), 1, a.line.size(), stdout);
}

// A line of --file and where it is.
struct InputLine {
  std::string text;
  SourceLoc where;
};

// One line's answer; a line that is not a query fails at its place.
Result<Answer> answer_line(VectorStore& store, const std::string& name, const Query& defaults,
                           InputLine& in) {
  QueryLine read = read_query_line(in.text);
  const json& j = read.j;
  auto q = j.is_discarded()
               ? Result<Query>(Error("not valid JSON"))
               : query_from_json(j, defaults, read.embedding ? &*read.embedding : nullptr);
  if (!q) return Error(q.error().message, in.where);
  json tag = j.is_object() && j.contains("id") ? j["id"] : json();
  auto a = answer(store, name, *q, tag);
  if (!a) return Error(a.error().message, in.where);
  return a;
}

ExitCode run_query(const VecOptions& o) {
  if (o.k < 1 || o.k > 10000) return fail(Error("-k must be from 1 to 10000"));
  if (o.parallel < 1 || o.parallel > k_max_parallel)
    return fail(Error(fmt::format("--parallel must be from 1 to {}", k_max_parallel)));
  auto where = where_option(o.where);
  if (!where) return fail(where.error());
  auto store = open_store(o, Access::k_read);
  if (!store) return fail(store.error());
  if (auto spec = (*store)->collection(o.name); !spec) return fail(spec.error());
  Query defaults{{}, o.k, std::move(*where), o.ef};
  if (!o.vector.empty()) {
    json j = json::parse(o.vector, nullptr, false);
    auto q = j.is_discarded() ? Result<Query>(Error("--vector is not valid JSON"))
                              : query_from_json(j, defaults);
    if (!q) return fail(q.error());
    auto a = answer(**store, o.name, *q, nullptr);
    if (!a) return fail(a.error());
    print(*a);
    return k_ok;
  }
  LineReader in(o.file);
  if (in.failed()) return fail(Error(fmt::format("{}: cannot open", o.file)));
  size_t answered = 0;
  std::optional<Error> failed;
  Progress progress;  // times the queries alone, not opening the store
  // The CPU time beside the wall time: on a loaded machine it is the figure
  // that says what the queries cost. One at a time that is this thread's;
  // with workers, the whole process's.
  clockid_t clock = o.parallel > 1 ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID;
  double cpu_start = cpu_seconds(clock);
  run_ordered<InputLine, Result<Answer>>(
      static_cast<size_t>(o.parallel),
      [&]() -> std::optional<InputLine> {
        std::string text;
        if (!in.next(text)) return std::nullopt;
        return InputLine{std::move(text), in.where()};
      },
      [&](InputLine& line) { return answer_line(**store, o.name, defaults, line); },
      [&](Result<Answer>& a) {
        if (!a) {
          failed = a.error();  // after every earlier line's answer was printed
          return false;
        }
        print(*a);
        ++answered;
        return true;
      });
  if (failed) return fail(*failed);
  std::fflush(stdout);
  if (!o.quiet)
    progress.done(fmt::format("Answered {} queries ({:.3f} s CPU)", answered,
                              cpu_seconds(clock) - cpu_start));
  return k_ok;
}

}  // namespace

std::vector<CommandSpec> query_rows(const Options& o) {
  return {
      store_row("query", "Top-k nearest records for each query line (or --vector)", o, run_query,
                [](CLI::App& s, VecOptions& v) {
                  s.add_option("name", v.name, "Collection name")->required();
                  s.add_option("-k", v.k, "Results per query (default 10)");
                  s.add_option("--where", v.where, "Metadata filter (JSON, Chroma-style)");
                  s.add_option("--ef", v.ef, "Search width (default: the collection's)");
                  s.add_option("--vector", v.vector, "One query embedding as a JSON array");
                  s.add_option("--file", v.file, "Read query lines from this file");
                  s.add_option("--parallel", v.parallel,
                               "Query lines answered at once, printed in input order (default 1)");
                  s.add_flag("--quiet", v.quiet, "No summary line on stderr");
                }),
  };
}

}  // namespace strata::cli::vec_cli
