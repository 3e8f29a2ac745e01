// cache (info, clean, prune) and explain: the store's maintenance commands
// and the view of what goes into a task's hash. Both print text by default
// and one JSON document with --json.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <memory>

#include "cache/explain.h"
#include "cache/local_store.h"
#include "cache/run_record.h"
#include "cache/task_hasher.h"
#include "cli/command.h"
#include "cli/command_support.h"
#include "cli/context.h"
#include "cli/run_selection.h"
#include "files/file_hasher.h"
#include "remote/hit_stats.h"
#include "remote/remote_settings.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

using enum ExitCode;

struct CacheCmdOptions {
  bool json = false;
  std::string max_size;  // prune --max-size
};

struct ExplainCmdOptions {
  std::string task_spec;
  std::string configuration;
  bool json = false;
  bool ignore_cycles = false;
};

std::string local_time(int64_t ms) {
  if (ms == 0) return "-";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

nlohmann::json time_json(int64_t ms) {
  return ms == 0 ? nlohmann::json(nullptr) : nlohmann::json(ms);
}

std::string percent(double rate) { return fmt::format("{:.0f}%", rate * 100); }

// The remote cache as configured, with credentials redacted; null when none.
nlohmann::json remote_json(const Workspace& ws) {
  auto s = remote::resolve_remote_settings(ws.root, ws.config.config_file);
  if (!s) return {{"error", s.error().str()}};
  if (!s->enabled()) return nullptr;
  return {{"url", remote::redacted_url(s->url)},
          {"readOnly", s->read_only},
          {"timeoutMs", s->timeout_ms},
          {"signed", !s->key.empty()}};
}

nlohmann::json runs_json(const std::vector<remote::RunCounts>& runs) {
  remote::HitRates rates = remote::hit_rates(runs);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : runs)
    list.push_back({{"timeMs", r.time_ms},
                    {"lookups", r.lookups},
                    {"localHits", r.local_hits},
                    {"remoteHits", r.remote_hits},
                    {"uploads", r.uploads},
                    {"remote", r.remote},
                    {"remoteUnavailable", r.remote_unavailable}});
  return {{"count", rates.runs},
          {"lookups", rates.lookups},
          {"localHitRate", rates.local()},
          {"remoteHitRate", rates.remote()},
          {"list", list}};
}

void print_runs(const std::vector<remote::RunCounts>& runs) {
  remote::HitRates rates = remote::hit_rates(runs);
  std::printf("hit rate  %s local, %s remote over the last %zu runs (%llu lookups)\n",
              percent(rates.local()).c_str(), percent(rates.remote()).c_str(), rates.runs,
              static_cast<unsigned long long>(rates.lookups));
  size_t first = runs.size() > 5 ? runs.size() - 5 : 0;
  for (size_t i = first; i < runs.size(); ++i) {
    const auto& r = runs[i];
    std::printf("  %s  %llu lookups, %llu local hits, %llu remote hits, %llu uploads%s\n",
                local_time(r.time_ms).c_str(), static_cast<unsigned long long>(r.lookups),
                static_cast<unsigned long long>(r.local_hits),
                static_cast<unsigned long long>(r.remote_hits),
                static_cast<unsigned long long>(r.uploads),
                r.remote_unavailable ? " (remote unavailable)" : "");
  }
}

ExitCode cache_info(const Workspace& ws, const LocalStore& store, bool json) {
  auto info = store.info();
  if (!info) return fail(info.error());
  const std::string& max_size = ws.config.max_cache_size;
  auto limit = max_size.empty() ? Result<uint64_t>(Error("no limit")) : parse_size(max_size);
  auto runs = remote::load_hit_stats(remote::hit_stats_path(ws.root));
  if (!runs) print_warning(runs.error());
  std::vector<remote::RunCounts> recent =
      runs ? std::move(*runs) : std::vector<remote::RunCounts>();
  nlohmann::json remote = remote_json(ws);
  if (json) {
    print_json({{"location", info->directory.string()},
                {"entries", info->entries},
                {"bytes", info->total_bytes},
                {"maxBytes", limit ? nlohmann::json(*limit) : nlohmann::json(nullptr)},
                {"oldestUsedMs", time_json(info->oldest_used_ms)},
                {"newestUsedMs", time_json(info->newest_used_ms)},
                {"remote", remote},
                {"runs", runs_json(recent)}});
    return k_ok;
  }
  std::string limit_text = limit              ? format_size(*limit) + " (maxCacheSize)"
                           : max_size.empty() ? "none (set maxCacheSize in nx.json or strata.json)"
                                              : "invalid maxCacheSize '" + max_size + "'";
  std::printf("location  %s\nentries   %zu\nsize      %s\nlimit     %s\n", info->directory.c_str(),
              info->entries, format_size(info->total_bytes).c_str(), limit_text.c_str());
  std::printf("oldest    %s (least recently used)\nnewest    %s (most recently used)\n",
              local_time(info->oldest_used_ms).c_str(), local_time(info->newest_used_ms).c_str());
  if (remote.is_null())
    std::printf("remote    none\n");
  else if (remote.contains("error"))
    std::printf("remote    invalid: %s\n", remote["error"].get<std::string>().c_str());
  else
    std::printf("remote    %s (%s, %s, timeout %d ms)\n", remote["url"].get<std::string>().c_str(),
                remote["readOnly"].get<bool>() ? "read-only" : "read-write",
                remote["signed"].get<bool>() ? "signed" : "unsigned",
                remote["timeoutMs"].get<int>());
  if (!recent.empty()) print_runs(recent);
  return k_ok;
}

ExitCode cache_clean(LocalStore& store, bool json) {
  auto before = store.info();
  if (!before) return fail(before.error());
  if (auto s = store.clean(); !s) return fail(s.error());
  if (json)
    print_json({{"removed", before->entries}, {"freedBytes", before->total_bytes}});
  else
    std::printf("Removed %zu cache entries (%s).\n", before->entries,
                format_size(before->total_bytes).c_str());
  return k_ok;
}

ExitCode cache_prune(LocalStore& store, const std::string& max_size, bool json) {
  auto limit = parse_size(max_size);
  if (!limit) return fail(limit.error(), k_usage);
  auto r = store.prune(*limit);
  if (!r) return fail(r.error());
  if (json) {
    print_json({{"removed", r->removed},
                {"freedBytes", r->freed_bytes},
                {"kept", r->kept},
                {"keptBytes", r->kept_bytes}});
    return k_ok;
  }
  std::printf("Removed %zu least recently used entries (%s); kept %zu (%s, limit %s).\n",
              r->removed, format_size(r->freed_bytes).c_str(), r->kept,
              format_size(r->kept_bytes).c_str(), format_size(*limit).c_str());
  return k_ok;
}

CommandSpec cache_command() {
  return {"cache", "Inspect and maintain the local cache: info, clean, prune",
          "  strata cache info\n  strata cache prune --max-size 2G\n  strata cache clean --json",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<CacheCmdOptions>();
            sub.require_subcommand(1);
            CLI::App* info = sub.add_subcommand(
                "info", "Location, entries, size, remote cache, hit rates of the last runs");
            CLI::App* clean =
                sub.add_subcommand("clean", "Remove every cache entry and run record");
            CLI::App* prune =
                sub.add_subcommand("prune", "Evict least recently used entries down to a size");
            for (CLI::App* s : {info, clean, prune}) s->add_flag("--json", o->json, "Print JSON");
            prune->add_option("--max-size", o->max_size, "Size to keep at most, e.g. 500MB or 2G")
                ->required();
            return [o, info, clean] {
              auto ctx = load_context();
              if (!ctx) return k_failure;
              LocalStore store = LocalStore::for_workspace(ctx->workspace);
              if (info->parsed()) return cache_info(ctx->workspace, store, o->json);
              if (clean->parsed()) return cache_clean(store, o->json);
              return cache_prune(store, o->max_size, o->json);
            };
          }};
}

ExitCode run_explain(const ExplainCmdOptions& o) {
  auto ctx = load_context();
  if (!ctx) return k_failure;
  const Workspace& ws = ctx->workspace;
  auto request = parse_task_spec(ws, o.task_spec, o.configuration);
  if (!request) return fail(request.error());
  request->ignore_cycles = o.ignore_cycles;
  // As `strata run` does: a configuration the target lacks is a mistake,
  // not the default configuration's hash.
  request->require_targets = true;
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
  Explanation e =
      explain(id, std::move((*hashes)[index]), cached, RunRecords(store.directory()).load(id));
  if (o.json)
    print_json(explain_json(e));
  else
    std::fputs(explain_text(e).c_str(), stdout);
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
            sub.add_flag("--ignore-cycles", o->ignore_cycles,
                         "Hash the task as a run with --ignore-cycles would");
            return [o] { return run_explain(*o); };
          }};
}

}  // namespace

std::vector<CommandSpec> cache_commands() { return {cache_command(), explain_command()}; }

}  // namespace strata::cli
