// Commands: train, evaluate. A model's train target is an ordinary cached
// task (src/cli/training_port.h), so these commands choose models, run the
// target through MLPipeline and report, per model, whether it trained, was
// skipped (same training key as its last run) or restored from the cache.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cache/explain.h"
#include "cache/local_store.h"
#include "cache/run_record.h"
#include "cache/task_hasher.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/run_selection.h"
#include "cli/training_port.h"
#include "files/file_hasher.h"
#include "ml/pipeline.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

constexpr int k_ok = static_cast<int>(ExitCode::k_ok);
constexpr int k_failure = static_cast<int>(ExitCode::k_failure);

int fail(const Error& e, int code = k_failure) {
  print_error(e);
  return code;
}

struct TrainOptions {
  std::vector<std::string> models;
  bool affected = false;
  AffectedOptions affected_opts;
  std::string explain;
  bool skip_cache = false;
  bool json = false;
};

const char* verb(const ml::TargetOutcome& o) {
  switch (o.result) {
    case ml::RunResult::k_ran:
      return o.target == "train" ? "trained" : "ran";
    case ml::RunResult::k_skipped:
      return "skipped (unchanged)";
    case ml::RunResult::k_restored:
      return "restored from cache";
    case ml::RunResult::k_failed:
      return "failed";
  }
  return "failed";
}

int report(const Result<std::vector<ml::TargetOutcome>>& outcomes, bool json) {
  if (!outcomes) return fail(outcomes.error());
  bool failed = false;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& o : *outcomes) {
    failed = failed || o.result == ml::RunResult::k_failed;
    all.push_back(o.to_json());
  }
  if (json) {
    std::printf("%s\n", nlohmann::json{{"models", all}}.dump(2).c_str());
  } else {
    if (outcomes->empty()) std::printf("No models to run.\n");
    for (const auto& o : *outcomes) {
      std::string from = o.source.empty() ? "" : " (" + o.source + ")";
      std::printf("%-24s %-9s %s%s  key %s\n", o.model.c_str(), o.target.c_str(), verb(o),
                  from.c_str(), o.key.substr(0, 12).c_str());
    }
  }
  return failed ? k_failure : k_ok;
}

// What `strata explain MODEL:train` says, with a verdict on top.
int explain_training(const Context& ctx, const std::string& model, bool json) {
  const Workspace& ws = ctx.workspace;
  TaskRequest request{{model}, {"train"}, "", {}, true, false};
  auto graph = build_task_graph(ws, ctx.graph, request);
  if (!graph) return fail(graph.error());
  FileHasher file_hasher(ws.root, ws.root / ".strata" / "file-hashes");
  TaskHasher hasher(ws, ctx.graph, ctx.files, file_hasher);
  auto hashes = hasher.hash_all(*graph);
  if (!hashes) return fail(hashes.error());
  size_t index = graph->requested.front();
  const std::string& id = graph->tasks[index].id;
  LocalStore store = LocalStore::for_workspace(ws);
  std::error_code ec;
  bool cached = std::filesystem::exists(store.entry_path((*hashes)[index].digest), ec);
  auto previous = RunRecords(store.directory()).load(id);
  bool same = previous && previous->hash.digest == (*hashes)[index].digest;
  std::string verdict = same && cached ? "would skip: the training key is unchanged"
                        : cached       ? "would restore from the cache: this key was trained before"
                                       : "would train: no run with this training key is cached";
  Explanation e = explain(id, std::move((*hashes)[index]), cached, std::move(previous));
  if (json) {
    auto doc = explain_json(e);
    doc["verdict"] = verdict;
    std::printf("%s\n", doc.dump(2).c_str());
  } else {
    std::printf("%s %s\n", model.c_str(), verdict.c_str());
    std::fputs(explain_text(e).c_str(), stdout);
  }
  return k_ok;
}

int run_train(const TrainOptions& o) {
  auto ctx = load_context();
  if (!ctx) return k_failure;
  if (!o.explain.empty()) return explain_training(*ctx, o.explain, o.json);
  TaskTrainingPort port(*ctx, o.skip_cache, o.json);
  ml::MLPipeline pipeline(model_projects(ctx->workspace), port, nullptr);
  std::optional<std::vector<std::string>> affected;
  if (o.affected) {
    auto projects = affected_projects(*ctx, o.affected_opts);
    if (!projects) return fail(projects.error());
    affected = *projects;
  }
  return report(pipeline.train_models(o.models, affected), o.json);
}

CommandSpec train_command() {
  return {
      "train", "Train models whose training key changed; skip or restore from the cache the others",
      "  strata train                       # every model project\n"
      "  strata train iris churn\n"
      "  strata train --affected --base main\n"
      "  strata train --explain iris        # why iris would (not) retrain",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<TrainOptions>();
        sub.add_option("models", o->models, "Models (projects tagged type:model); all by default");
        sub.add_flag("--affected", o->affected, "Only models affected by the changes");
        add_affected_options(sub, o->affected_opts);
        sub.add_option("--explain", o->explain,
                       "Say why MODEL would train, skip or restore, input by input");
        sub.add_flag("--skip-cache", o->skip_cache, "Train even when the key is cached");
        sub.add_flag("--json", o->json, "Print JSON (task output goes to stderr)");
        return [o] { return run_train(*o); };
      }};
}

struct EvaluateOptions {
  std::vector<std::string> models;
  bool json = false;
};

int run_evaluate(const EvaluateOptions& o) {
  auto ctx = load_context();
  if (!ctx) return k_failure;
  TaskTrainingPort port(*ctx, false, o.json);
  ml::MLPipeline pipeline(model_projects(ctx->workspace), port, nullptr);
  return report(pipeline.evaluate_models(o.models), o.json);
}

CommandSpec evaluate_command() {
  return {"evaluate", "Evaluate models (training first where needed): artifacts/evaluation.json",
          "  strata evaluate iris\n  strata evaluate iris churn --json",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<EvaluateOptions>();
            sub.add_option("models", o->models, "Models; all by default");
            sub.add_flag("--json", o->json, "Print JSON (task output goes to stderr)");
            return [o] { return run_evaluate(*o); };
          }};
}

}  // namespace

std::vector<CommandSpec> ml_commands() { return {train_command(), evaluate_command()}; }

}  // namespace strata::cli
