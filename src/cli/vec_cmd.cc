// vec: the vector store from the command line. Records and queries travel
// as JSON lines so commands compose in pipes (`strata db test-vectors ... |
// strata vec upsert docs`); `vec serve` puts the same VectorStore behind the
// JSON HTTP API. The store is a directory (embedded, the default
// .strata/vectors) or a postgres:// URL, from --store or STRATA_VECTOR_STORE.

#include <CLI/CLI.hpp>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "http/access.h"
#include "util/diagnostics.h"
#include "util/redact.h"
#include "util/json_limits.h"
#include "vector/http_api.h"
#include "vector/vector_store.h"

namespace strata::cli {

namespace {

using json = nlohmann::json;

// One JSON lines record, within the nesting and size limits of every
// reader (util/json_limits); anything refused reads as not valid JSON.
json parse_json_line(const std::string& line) {
  json j;
  if (line.size() > k_config_max_bytes || parse_json_bounded(line, false, j)) return json::value_t::discarded;
  return j;
}

using namespace strata::vec;

constexpr int k_ok = static_cast<int>(ExitCode::k_ok);
constexpr int k_failure = static_cast<int>(ExitCode::k_failure);

struct VecOptions {
  std::string store, name;
  // create
  int dim = 0, m = 0, ef_construction = 0;
  std::string metric = "cosine", index = "hnsw";
  bool defer_index = false;
  std::string durability = "fsync";
  // upsert, get, delete, query
  std::string file;
  size_t batch = 500;
  std::vector<std::string> ids;
  std::string where, vector;
  int k = 10, ef = 0;
  bool json = false, quiet = false;
  // serve
  HttpOptions http = [] {
    HttpOptions h;
    h.port = 8765;
    return h;
  }();
  size_t max_body_mb = 64;
  std::string tokens_file;  // serve: NAME ROLE TOKEN lines (http/access.h)
  int threads = 0;  // accepted for old scripts; every connection has its own thread now
  double read_timeout = 5, idle_timeout = 5;
};

int fail(const Error& e) {
  print_error(e);
  return k_failure;
}

void warn_all(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) std::fprintf(stderr, "strata: warning: %s\n", w.c_str());
}

void print_line(const json& j) {
  std::string s = j.dump() + "\n";
  std::fwrite(s.data(), 1, s.size(), stdout);
}

std::string store_location(const VecOptions& o) {
  if (!o.store.empty()) return o.store;
  if (const char* env = std::getenv("STRATA_VECTOR_STORE"); env && *env) return env;
  const std::string& cwd = global_options().cwd;
  return ((cwd.empty() ? std::filesystem::current_path() : std::filesystem::path(cwd)) / ".strata" / "vectors")
      .string();
}

Result<std::unique_ptr<VectorStore>> open_store(const VecOptions& o, Access access) {
  return open_vector_store(store_location(o), access);
}

// Progress on a terminal; nothing until the summary line otherwise (CI, pipes).
class Progress {
 public:
  Progress() : m_tty(isatty(STDERR_FILENO) && !std::getenv("CI")), m_start(clock::now()) {}
  void update(size_t n) {
    if (!m_tty || clock::now() - m_last < std::chrono::milliseconds(200)) return;
    m_last = clock::now();
    std::fprintf(stderr, "\r  %zu records (%.0f/s)", n, n / seconds());
  }
  void done(const std::string& what) {
    clear();
    std::fprintf(stderr, "%s in %.3f s\n", what.c_str(), seconds());
  }
  void clear() {
    if (m_tty) std::fprintf(stderr, "\r\033[K");
  }
  double seconds() const { return std::chrono::duration<double>(clock::now() - m_start).count() + 1e-9; }

 private:
  using clock = std::chrono::steady_clock;
  bool m_tty;
  clock::time_point m_start, m_last;
};

// Reads the command's input lines from --file or stdin, counting lines.
class LineReader {
 public:
  explicit LineReader(const std::string& file) : m_name(file.empty() ? "<stdin>" : file) {
    if (!file.empty()) m_file.open(file);
  }
  bool failed() const { return !m_name.empty() && m_name != "<stdin>" && !m_file.is_open(); }
  bool next(std::string& line) {
    std::istream& in = m_file.is_open() ? static_cast<std::istream&>(m_file) : std::cin;
    while (std::getline(in, line)) {
      ++m_line;
      if (line.find_first_not_of(" \t\r") != std::string::npos) return true;
    }
    return false;
  }
  SourceLoc where() const { return {m_name, m_line, 0}; }
  const std::string& name() const { return m_name; }

 private:
  std::string m_name;
  std::ifstream m_file;
  int m_line = 0;
};

// ---- create, info ---------------------------------------------------------

int run_create(const VecOptions& o) {
  auto metric = parse_metric(o.metric);
  if (!metric) return fail(metric.error());
  auto index = parse_index_kind(o.index);
  if (!index) return fail(index.error());
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  auto durability = parse_durability(o.durability);
  if (!durability) return fail(durability.error());
  CollectionSpec spec{o.name, o.dim, *metric, *index, o.m, o.ef_construction, o.defer_index, *durability};
  if (auto st = (*store)->create_collection(spec); !st) return fail(st.error());
  if (o.json) print_line({{"name", o.name}, {"dim", o.dim}, {"metric", metric_name(*metric)}});
  else std::fprintf(stderr, "Collection '%s' (dimension %d, %s) in %s\n", o.name.c_str(), o.dim,
                    std::string(metric_name(*metric)).c_str(), redact_secrets(store_location(o)).c_str());
  return k_ok;
}

int run_drop(const VecOptions& o) {
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  if (auto st = (*store)->drop_collection(o.name); !st) return fail(st.error());
  if (o.json) print_line({{"dropped", o.name}});
  else std::fprintf(stderr, "Dropped collection '%s' from %s\n", o.name.c_str(), redact_secrets(store_location(o)).c_str());
  return k_ok;
}

int run_index(const VecOptions& o) {
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  Progress progress;
  if (auto st = (*store)->build_index(o.name); !st) return fail(st.error());
  progress.done(fmt::format("Index of '{}' is up to date", o.name));
  return k_ok;
}

int run_info(const VecOptions& o) {
  auto store = open_store(o, Access::k_read);
  if (!store) return fail(store.error());
  if (!o.name.empty()) {
    auto info = (*store)->info(o.name);
    if (!info) return fail(info.error());
    std::printf("%s\n", info->dump(2).c_str());
    return k_ok;
  }
  auto all = (*store)->collections();
  if (!all) return fail(all.error());
  for (const auto& c : *all) {
    if (o.json) print_line({{"name", c.name}, {"dim", c.dim}, {"metric", metric_name(c.metric)}});
    else std::printf("%s\tdim %d\t%s\n", c.name.c_str(), c.dim, std::string(metric_name(c.metric)).c_str());
  }
  return k_ok;
}

// ---- upsert ---------------------------------------------------------------

// Writes one batch and acknowledges each record only once it is durable.
Status flush_batch(VectorStore& store, const std::string& name, std::vector<Record>& batch, bool quiet) {
  if (batch.empty()) return ok_status();
  if (auto st = store.upsert(name, batch); !st) return st;
  if (!quiet)
    for (const auto& r : batch) print_line({{"id", r.id}, {"status", "upserted"}});
  std::fflush(stdout);
  batch.clear();
  return ok_status();
}

int run_upsert(const VecOptions& o) {
  Progress command;  // the whole command: opening, writing, indexing, closing
  LineReader in(o.file);
  if (in.failed()) return fail(Error(fmt::format("{}: cannot open", o.file)));
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  auto spec = (*store)->collection(o.name);
  if (!spec) return fail(spec.error());
  std::vector<Record> batch;
  size_t saved = 0;
  Progress progress;
  std::string line;
  while (in.next(line)) {
    json j = parse_json_line(line);
    auto r = j.is_discarded() ? Result<Record>(Error("not valid JSON")) : record_from_json(j);
    if (r) {
      if (auto st = validate_record(*spec, *r); !st) r = st.error();
    }
    if (!r) {
      size_t n = batch.size();  // what came before the bad line is kept
      if (auto st = flush_batch(**store, o.name, batch, o.quiet); !st) return fail(st.error());
      return fail(Error(r.error().message, in.where(),
                        fmt::format("the {} records before this line are saved", saved + n)));
    }
    batch.push_back(std::move(*r));
    if (batch.size() >= std::max<size_t>(o.batch, 1)) {
      size_t n = batch.size();
      if (auto st = flush_batch(**store, o.name, batch, o.quiet); !st) return fail(st.error());
      saved += n;
      progress.update(saved);
    }
  }
  size_t n = batch.size();
  if (auto st = flush_batch(**store, o.name, batch, o.quiet); !st) return fail(st.error());
  saved += n;
  double acknowledged = progress.seconds();
  store->reset();  // closing waits for the background indexer and saves the index
  progress.clear();
  std::fprintf(stderr, "Upserted %zu records into '%s' in %.2f s (writes acknowledged in %.2f s, %.0f records/s)\n",
               saved, o.name.c_str(), command.seconds(), acknowledged, saved / acknowledged);
  return k_ok;
}

// ---- get, delete, count ---------------------------------------------------

// Ids from the arguments, else one per input line (a bare id or {"id": ...}).
Result<std::vector<std::string>> input_ids(const VecOptions& o) {
  if (!o.ids.empty()) return o.ids;
  LineReader in(o.file);
  if (in.failed()) return Error(fmt::format("{}: cannot open", o.file));
  std::vector<std::string> ids;
  std::string line;
  while (in.next(line)) {
    json j = parse_json_line(line);
    if (!j.is_discarded() && j.is_object() && j.contains("id") && j["id"].is_string()) ids.push_back(j["id"]);
    else if (!j.is_discarded() && j.is_string()) ids.push_back(j.get<std::string>());
    else ids.push_back(line.substr(0, line.find_last_not_of(" \t\r") + 1));
  }
  return ids;
}

int run_get(const VecOptions& o) {
  auto ids = input_ids(o);
  if (!ids) return fail(ids.error());
  auto store = open_store(o, Access::k_read);
  if (!store) return fail(store.error());
  auto got = (*store)->get(o.name, *ids);
  if (!got) return fail(got.error());
  for (const auto& r : *got) print_line(record_to_json(r));
  if (got->size() == ids->size()) return k_ok;
  return fail(Error(fmt::format("{} of {} ids not found in '{}'", ids->size() - got->size(), ids->size(), o.name)));
}

int run_delete(const VecOptions& o) {
  auto ids = input_ids(o);
  if (!ids) return fail(ids.error());
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  auto n = (*store)->remove(o.name, *ids);
  if (!n) return fail(n.error());
  print_line({{"deleted", *n}});
  return k_ok;
}

Result<Filter> where_option(const std::string& text) {
  if (text.empty()) return Filter{};
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return Error("--where is not valid JSON", {}, R"(for example --where '{"genre": "jazz"}')");
  return parse_filter(j);
}

int run_count(const VecOptions& o) {
  auto where = where_option(o.where);
  if (!where) return fail(where.error());
  auto store = open_store(o, Access::k_read);
  if (!store) return fail(store.error());
  auto n = (*store)->count(o.name, *where);
  if (!n) return fail(n.error());
  if (auto spec = (*store)->collection(o.name); *n == 0 && spec) warn_all(empty_result_warnings(**store, *spec, *where));
  if (o.json) print_line({{"count", *n}});
  else std::printf("%zu\n", *n);
  return k_ok;
}

// ---- query ----------------------------------------------------------------

// One query from a line: a bare array, or {"embedding", "k", "where", "ef", "id"}.
Result<Query> query_from_json(const json& j, const Query& defaults) {
  Query q = defaults;
  const json* emb = j.is_array() ? &j : (j.is_object() && j.contains("embedding") ? &j["embedding"] : nullptr);
  if (!emb || !emb->is_array()) return Error("expected an embedding array or {\"embedding\": [...]}");
  for (const auto& x : *emb) {
    if (!x.is_number()) return Error("embedding values must be numbers");
    q.embedding.push_back(x.get<float>());
  }
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

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

Status answer(VectorStore& store, const std::string& name, const Query& q, const json& tag) {
  auto hits = store.query(name, q);
  if (!hits) return hits.error();
  if (auto spec = store.collection(name); hits->empty() && spec)
    warn_all(empty_result_warnings(store, *spec, q.filter, q.embedding));
  json out = json::array();
  for (const auto& h : *hits) out.push_back(hit_to_json(h));
  json line = {{"hits", out}};
  if (!tag.is_null()) line["id"] = tag;
  print_line(line);
  return ok_status();
}

int run_query(const VecOptions& o) {
  if (o.k < 1 || o.k > 10000) return fail(Error("-k must be from 1 to 10000"));
  auto where = where_option(o.where);
  if (!where) return fail(where.error());
  auto store = open_store(o, Access::k_read);
  if (!store) return fail(store.error());
  if (auto spec = (*store)->collection(o.name); !spec) return fail(spec.error());
  Query defaults{{}, o.k, std::move(*where), o.ef};
  if (!o.vector.empty()) {
    json j = json::parse(o.vector, nullptr, false);
    auto q = j.is_discarded() ? Result<Query>(Error("--vector is not valid JSON")) : query_from_json(j, defaults);
    if (!q) return fail(q.error());
    auto st = answer(**store, o.name, *q, nullptr);
    return st ? k_ok : fail(st.error());
  }
  LineReader in(o.file);
  if (in.failed()) return fail(Error(fmt::format("{}: cannot open", o.file)));
  std::string line;
  size_t answered = 0;
  Progress progress;  // times the queries alone, not opening the store
  double cpu_start = thread_cpu_seconds();
  while (in.next(line)) {
    json j = parse_json_line(line);
    auto q = j.is_discarded() ? Result<Query>(Error("not valid JSON")) : query_from_json(j, defaults);
    if (!q) return fail(Error(q.error().message, in.where()));
    json tag = j.is_object() && j.contains("id") ? j["id"] : json();
    if (auto st = answer(**store, o.name, *q, tag); !st) return fail(Error(st.error().message, in.where()));
    ++answered;
  }
  std::fflush(stdout);
  // The thread's CPU time beside the wall time: on a loaded machine it is
  // the figure that says what the queries cost.
  if (!o.quiet) progress.done(fmt::format("Answered {} queries ({:.3f} s CPU)", answered, thread_cpu_seconds() - cpu_start));
  return k_ok;
}

// ---- serve ----------------------------------------------------------------

int run_serve(VecOptions o) {
  if (o.http.token.empty())
    if (const char* env = std::getenv("STRATA_VECTOR_TOKEN"); env) o.http.token = env;
  if (o.tokens_file.empty())
    if (const char* env = std::getenv("STRATA_VECTOR_TOKENS_FILE"); env) o.tokens_file = env;
  if (o.http.audit_log.empty())
    if (const char* env = std::getenv("STRATA_VECTOR_AUDIT_LOG"); env) o.http.audit_log = env;
  if (!o.tokens_file.empty()) {
    auto grants = http::load_token_grants(o.tokens_file);
    if (!grants) return fail(grants.error());
    o.http.tokens = std::move(*grants);
  }
  if (o.http.max_connections < 1 || o.read_timeout <= 0 || o.idle_timeout <= 0 || o.max_body_mb < 1)
    return fail(Error("--max-connections, --read-timeout, --idle-timeout and --max-body-mb must be positive"));
  o.http.max_body_bytes = o.max_body_mb << 20;
  o.http.read_timeout_ms = static_cast<int>(o.read_timeout * 1000);
  o.http.idle_timeout_ms = static_cast<int>(o.idle_timeout * 1000);
  o.http.write_timeout_ms = o.http.read_timeout_ms;
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  // SIGINT/SIGTERM are taken by a waiting thread that stops the server, so
  // the store closes normally and writers save their index snapshots.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  HttpApi api(**store, o.http);
  auto port = api.bind();
  if (!port) return fail(port.error());
  std::string host = o.http.host.find(':') != std::string::npos ? "[" + o.http.host + "]" : o.http.host;
  std::string url = fmt::format("{}://{}:{}", o.http.tls_cert.empty() ? "http" : "https", host, *port);
  if (auto warning = http::exposure_warning(o.http); !warning.empty()) std::fprintf(stderr, "%s\n", warning.c_str());
  if (o.json) print_line({{"url", url}, {"store", redact_secrets(store_location(o))}});
  std::fprintf(stderr, "Serving the vector store %s on %s%s\n", redact_secrets(store_location(o)).c_str(), url.c_str(),
               o.http.tokens.empty() ? (o.http.token.empty() ? "" : " (bearer token required)")
                                     : " (tokens with roles required)");
  std::fflush(stdout);
  std::thread waiter([&api, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    api.stop();
  });
  auto st = api.listen();
  pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if the server stopped by itself
  waiter.join();
  std::fprintf(stderr, "Stopped\n");
  return st ? k_ok : fail(st.error());
}

// ---- the table row --------------------------------------------------------

void add_store_option(CLI::App* sub, VecOptions& o) {
  sub->add_option("--store", o.store,
                  "The store: a directory (embedded; default .strata/vectors) or a postgres:// URL "
                  "(also STRATA_VECTOR_STORE)");
}

CommandSpec vec_command() {
  return {"vec", "The vector store: collections of embeddings with metadata, top-k queries, an HTTP API",
          "  strata vec create docs --dim 384 --metric cosine\n"
          "  strata db test-vectors 1000 --dim 384 | strata vec upsert docs --quiet\n"
          "  strata vec query docs -k 5 --where '{\"lang\": {\"$in\": [\"en\", \"de\"]}}' --vector '[0.1, ...]'\n"
          "  strata vec count docs --where '{\"year\": {\"$gte\": 2020}}'\n"
          "  strata vec serve --port 8765 --token \"$TOKEN\"\n"
          "  strata vec create docs --dim 384 --store postgres://localhost/app",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<VecOptions>();
            auto chosen = std::make_shared<Handler>();
            // Unknown subcommands reach the handler, which suggests the closest.
            sub.require_subcommand(0, 1);
            auto unknown = std::make_shared<std::vector<std::string>>();
            sub.add_option("words", *unknown)->group("");
            auto add = [&](const char* name, const char* what, std::function<int(const VecOptions&)> fn) {
              CLI::App* c = sub.add_subcommand(name, what);
              add_store_option(c, *o);
              c->callback([chosen, o, fn] { *chosen = [o, fn] { return fn(*o); }; });
              return c;
            };
            auto* create = add("create", "Create a collection", run_create);
            create->add_option("name", o->name, "Collection name")->required();
            create->add_option("--dim", o->dim, "Embedding dimension")->required();
            create->add_option("--metric", o->metric, "cosine (default), l2 or ip");
            create->add_option("--index", o->index, "hnsw (default) or ivfflat (PostgreSQL only)");
            create->add_option("--m", o->m, "HNSW graph degree (default 16)");
            create->add_option("--ef-construction", o->ef_construction, "HNSW build beam width (default 100)");
            create->add_option("--durability", o->durability,
                               "Embedded: fsync (default; survives power loss) or process (survives kill -9)");
            create->add_flag("--defer-index", o->defer_index,
                             "PostgreSQL: build the ANN index later with 'vec index', after loading");

            auto* drop = add("drop", "Delete a collection and all its records", run_drop);
            drop->add_option("name", o->name, "Collection name")->required();
            drop->add_flag("--json", o->json, "Print {\"dropped\": NAME}");

            auto* index = add("index", "Bring the ANN index up to date (build ivfflat after a load; compact)",
                              run_index);
            index->add_option("name", o->name, "Collection name")->required();

            auto* upsert = add("upsert", "Insert or replace records read as JSON lines {id, embedding, metadata}",
                               run_upsert);
            upsert->add_option("name", o->name, "Collection name")->required();
            upsert->add_option("--file", o->file, "Read this file instead of stdin");
            upsert->add_option("--batch", o->batch, "Records per durable transaction (default 500)");
            upsert->add_flag("--quiet", o->quiet, "No acknowledgement line per record");

            auto* get = add("get", "Print records by id as JSON lines", run_get);
            get->add_option("name", o->name, "Collection name")->required();
            get->add_option("ids", o->ids, "Ids (default: one per stdin line)");
            get->add_option("--file", o->file, "Read ids from this file");

            auto* del = add("delete", "Delete records by id", run_delete);
            del->add_option("name", o->name, "Collection name")->required();
            del->add_option("ids", o->ids, "Ids (default: one per stdin line)");
            del->add_option("--file", o->file, "Read ids from this file");

            auto* count = add("count", "Count records, optionally those matching --where", run_count);
            count->add_option("name", o->name, "Collection name")->required();
            count->add_option("--where", o->where, "Metadata filter (JSON, Chroma-style)");
            count->add_flag("--json", o->json, "Print {\"count\": N}");

            auto* query = add("query", "Top-k nearest records for each query line (or --vector)", run_query);
            query->add_option("name", o->name, "Collection name")->required();
            query->add_option("-k", o->k, "Results per query (default 10)");
            query->add_option("--where", o->where, "Metadata filter (JSON, Chroma-style)");
            query->add_option("--ef", o->ef, "Search width (default: the collection's)");
            query->add_option("--vector", o->vector, "One query embedding as a JSON array");
            query->add_option("--file", o->file, "Read query lines from this file");
            query->add_flag("--quiet", o->quiet, "No summary line on stderr");

            auto* info = add("info", "Describe a collection, or list the collections", run_info);
            info->add_option("name", o->name, "Collection name");
            info->add_flag("--json", o->json, "JSON lines when listing");

            auto* serve = add("serve", "Serve the store as a JSON HTTP API", [](const VecOptions& v) { return run_serve(v); });
            serve->add_option("--host", o->http.host, "Address to listen on (default 127.0.0.1)");
            serve->add_option("--port", o->http.port, "Port (default 8765; 0 picks a free one)");
            serve->add_option("--token", o->http.token, "Require 'Authorization: Bearer TOKEN' (also STRATA_VECTOR_TOKEN)");
            serve->add_option("--tokens", o->tokens_file,
                              "File of NAME ROLE TOKEN lines: roles reader, writer, admin (also STRATA_VECTOR_TOKENS_FILE)");
            serve->add_option("--audit-log", o->http.audit_log,
                              "Append one JSON line per request to FILE (also STRATA_VECTOR_AUDIT_LOG)");
            serve->add_option("--max-body-mb", o->max_body_mb, "Largest request body accepted (default 64 MiB)");
            serve->add_option("--max-connections", o->http.max_connections,
                              "Open connections served at once; more get 503 (default 512)");
            serve->add_option("--read-timeout", o->read_timeout,
                              "Seconds a request may take to arrive whole, and a response to be taken (default 5)");
            serve->add_option("--idle-timeout", o->idle_timeout,
                              "Seconds a kept-alive connection may wait for its next request (default 5)");
            serve->add_option("--tls-cert", o->http.tls_cert, "Serve HTTPS with this PEM certificate (chain)");
            serve->add_option("--tls-key", o->http.tls_key, "The certificate's PEM private key");
            serve->add_option("--threads", o->threads, "Ignored (each connection has its own thread)")->group("");
            serve->add_flag("--json", o->json, "Print {\"url\"} on stdout once listening");
            create->add_flag("--json", o->json, "Print the collection as JSON");
            CLI::App* app = &sub;
            return [chosen, app, unknown] {
              if (*chosen) return (*chosen)();
              return unknown_subcommand(*app, unknown->empty() ? "" : unknown->front());
            };
          }};
}

}  // namespace

std::vector<CommandSpec> vec_commands() { return {vec_command()}; }

}  // namespace strata::cli
