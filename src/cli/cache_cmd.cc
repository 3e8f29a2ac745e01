// cache (info, clean, prune) and explain: the store's maintenance commands
// and the view of what goes into a task's hash. Both print text by default
// and one JSON document with --json.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <memory>

#include "cache/explain.h"
#include "cache/local_store.h"
#include "cache/run_record.h"
#include "cache/task_hasher.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/run_selection.h"
#include "files/file_hasher.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

constexpr int k_ok = static_cast<int>(ExitCode::k_ok);
constexpr int k_failure = static_cast<int>(ExitCode::k_failure);
constexpr int k_usage = static_cast<int>(ExitCode::k_usage);

struct CacheCmdOptions {
  bool json = false;
  std::string max_size;  // prune --max-size
};

struct ExplainCmdOptions {
  std::string task_spec;
  std::string configuration;
  bool json = false;
};

int fail(const Error& e, int code = k_failure) {
  print_error(e);
  return code;
}

void print_json(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }

std::string local_time(int64_t ms) {
  if (ms == 0) return "-";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

nlohmann::json time_json(int64_t ms) { return ms == 0 ? nlohmann::json(nullptr) : nlohmann::json(ms); }

int cache_info(const LocalStore& store, const std::string& max_size, bool json) {
  auto info = store.info();
  if (!info) return fail(info.error());
  auto limit = max_size.empty() ? Result<uint64_t>(Error("no limit")) : parse_size(max_size);
  if (json) {
    print_json({{"location", info->directory.string()}, {"entries", info->entries},
                {"bytes", info->total_bytes},
                {"maxBytes", limit ? nlohmann::json(*limit) : nlohmann::json(nullptr)},
                {"oldestUsedMs", time_json(info->oldest_used_ms)},
                {"newestUsedMs", time_json(info->newest_used_ms)}});
    return k_ok;
  }
  std::string limit_text = limit ? format_size(*limit) + " (maxCacheSize)"
                           : max_size.empty() ? "none (set maxCacheSize in nx.json or strata.json)"
                                              : "invalid maxCacheSize '" + max_size + "'";
  std::printf("location  %s\nentries   %zu\nsize      %s\nlimit     %s\n", info->directory.c_str(),
              info->entries, format_size(info->total_bytes).c_str(), limit_text.c_str());
  std::printf("oldest    %s (least recently used)\nnewest    %s (most recently used)\n",
              local_time(info->oldest_used_ms).c_str(), local_time(info->newest_used_ms).c_str());
  return k_ok;
}

int cache_clean(LocalStore& store, bool json) {
  auto before = store.info();
  if (!before) return fail(before.error());
  if (auto s = store.clean(); !s) return fail(s.error());
  if (json) print_json({{"removed", before->entries}, {"freedBytes", before->total_bytes}});
  else std::printf("Removed %zu cache entries (%s).\n", before->entries, format_size(before->total_bytes).c_str());
  return k_ok;
}

int cache_prune(LocalStore& store, const std::string& max_size, bool json) {
  auto limit = parse_size(max_size);
  if (!limit) return fail(limit.error(), k_usage);
  auto r = store.prune(*limit);
  if (!r) return fail(r.error());
  if (json) {
    print_json({{"removed", r->removed}, {"freedBytes", r->freed_bytes}, {"kept", r->kept}, {"keptBytes", r->kept_bytes}});
    return k_ok;
  }
  std::printf("Removed %zu least recently used entries (%s); kept %zu (%s, limit %s).\n", r->removed,
              format_size(r->freed_bytes).c_str(), r->kept, format_size(r->kept_bytes).c_str(),
              format_size(*limit).c_str());
  return k_ok;
}

CommandSpec cache_command() {
  return {"cache", "Inspect and maintain the local cache: info, clean, prune",
          "  strata cache info\n  strata cache prune --max-size 2G\n  strata cache clean --json",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<CacheCmdOptions>();
            sub.require_subcommand(1);
            CLI::App* info = sub.add_subcommand("info", "Location, entry count, size, oldest and newest entry");
            CLI::App* clean = sub.add_subcommand("clean", "Remove every cache entry and run record");
            CLI::App* prune = sub.add_subcommand("prune", "Evict least recently used entries down to a size");
            for (CLI::App* s : {info, clean, prune}) s->add_flag("--json", o->json, "Print JSON");
            prune->add_option("--max-size", o->max_size, "Size to keep at most, e.g. 500MB or 2G")->required();
            return [o, info, clean] {
              auto ctx = load_context();
              if (!ctx) return k_failure;
              LocalStore store = LocalStore::for_workspace(ctx->workspace);
              if (info->parsed()) return cache_info(store, ctx->workspace.config.max_cache_size, o->json);
              if (clean->parsed()) return cache_clean(store, o->json);
              return cache_prune(store, o->max_size, o->json);
            };
          }};
}

int run_explain(const ExplainCmdOptions& o) {
  auto ctx = load_context();
  if (!ctx) return k_failure;
  const Workspace& ws = ctx->workspace;
  auto request = parse_task_spec(ws, o.task_spec, o.configuration);
  if (!request) return fail(request.error());
  auto graph = build_task_graph(ws, ctx->graph, *request);
  if (!graph) return fail(graph.error());
  if (graph->requested.empty()) return fail(Error("no task matches '" + o.task_spec + "'"));
  FileHasher file_hasher(ws.root, ws.root / ".strata" / "file-hashes");
  TaskHasher hasher(ws, ctx->graph, ctx->files, file_hasher);
  auto hashes = hasher.hash_all(*graph);
  if (!hashes) return fail(hashes.error());
  if (auto saved = file_hasher.save(); !saved) print_warning(saved.error());
  size_t index = graph->requested.front();
  const std::string& id = graph->tasks[index].id;
  LocalStore store = LocalStore::for_workspace(ws);
  std::error_code ec;
  bool cached = std::filesystem::exists(store.entry_path((*hashes)[index].digest), ec);
  Explanation e = explain(id, std::move((*hashes)[index]), cached, RunRecords(store.directory()).load(id));
  if (o.json) print_json(explain_json(e));
  else std::fputs(explain_text(e).c_str(), stdout);
  return k_ok;
}

CommandSpec explain_command() {
  return {"explain", "Show every input of a task's hash and what changed since its last run",
          "  strata explain web:build\n  strata explain api:build:production --json",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<ExplainCmdOptions>();
            sub.add_option("task", o->task_spec, "PROJECT:TARGET[:CONFIGURATION]")->required();
            sub.add_option("-c,--configuration", o->configuration, "Configuration to use");
            sub.add_flag("--json", o->json, "Print JSON");
            return [o] { return run_explain(*o); };
          }};
}

}  // namespace

std::vector<CommandSpec> cache_commands() { return {cache_command(), explain_command()}; }

}  // namespace strata::cli
