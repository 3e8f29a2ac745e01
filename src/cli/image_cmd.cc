// strata image build|build-one|list|check: container images of the split
// services. `build` runs the image tasks of cli/image_plan.h through the
// task runner, so an unchanged service is a cache hit and the builder is
// not called. The task hash is the image's tag, handed to the command
// through its environment (which is not part of the hash) along with the
// path of this binary.

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>

#include "cli/cache_port.h"
#include "cli/command_support.h"
#include "cli/context.h"
#include "cli/image_audit.h"
#include "cli/image_plan.h"
#include "cli/run_metrics.h"
#include "cli/run_selection.h"
#include "container/cli_builder.h"
#include "container/dockerfile_policy.h"
#include "container/image_recipe.h"
#include "exec/output.h"
#include "exec/run.h"
#include "files/file_hasher.h"
#include "tasks/task_graph.h"
#include "util/fs.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;
using container::ImageSettings;

struct BuildOptions {
  std::vector<std::string> services;
  bool affected = false;
  AffectedOptions affected_options;
  bool skip_cache = false;
  bool json = false;
};

class StderrSink : public OutputSink {
 public:
  void out(std::string_view b) override { m_fd.err(b); }
  void err(std::string_view b) override { m_fd.err(b); }

 private:
  FdOutputSink m_fd;
};

// The cache port, plus what the build-one command needs at run time; a
// cached image task whose image is gone from the builder's store (pruned,
// or a hit from a remote cache) runs again.
class ImageTaskPort final : public TaskPort {
 public:
  ImageTaskPort(CacheTaskPort& inner, std::string self, const TaskGraph& graph,
                container::ContainerBuilder& builder, const ImageSettings& settings)
      : m_inner(inner),
        m_self(std::move(self)),
        m_graph(graph),
        m_builder(builder),
        m_settings(settings) {}
  Result<CacheLookup> lookup(size_t task) override {
    auto found = m_inner.lookup(task);
    if (!found || found->status != CacheStatus::k_hit ||
        m_graph.tasks[task].target != k_image_target)
      return found;
    std::string tag = m_inner.hashes()[task].hex();
    auto present =
        m_builder.exists(container::image_reference(m_settings, m_graph.tasks[task].project, tag));
    if (present && *present) return found;
    return CacheLookup{CacheStatus::k_miss, CacheSource::k_none, "", 0};
  }
  Result<ResolvedCommand> command(size_t task) override {
    auto c = m_inner.command(task);
    if (!c) return c;
    c->env["STRATA_SELF"] = m_self;
    if (task < m_inner.hashes().size()) c->env["STRATA_IMAGE_TAG"] = m_inner.hashes()[task].hex();
    return c;
  }
  Status store(size_t task, const TaskOutcome& outcome) override {
    return m_inner.store(task, outcome);
  }
  bool try_claim(size_t task) override { return m_inner.try_claim(task); }
  void release(size_t task) override { m_inner.release(task); }

 private:
  CacheTaskPort& m_inner;
  std::string m_self;
  const TaskGraph& m_graph;
  container::ContainerBuilder& m_builder;
  const ImageSettings& m_settings;
};

std::string self_path() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("strata") : self.string();
}

Result<std::vector<std::string>> chosen_services(const Context& ctx, const BuildOptions& o) {
  std::vector<std::string> out;
  if (o.services.empty()) out = container::service_projects(ctx.workspace);
  for (const auto& name : o.services) {
    auto s = container::resolve_service(ctx.workspace, name);
    if (!s) return s.error();
    out.push_back(*s);
  }
  if (!o.affected) return out;
  auto affected = affected_projects(ctx, o.affected_options);
  if (!affected) return affected.error();
  std::set<std::string> changed(affected->begin(), affected->end());
  std::vector<std::string> kept;
  for (const auto& s : out)
    for (const auto& p : container::dependency_closure(ctx.graph, s))
      if (changed.count(p)) {
        kept.push_back(s);
        break;
      }
  return kept;
}

nlohmann::json outcome_json(const TaskGraph& g, size_t i, const TaskOutcome& t,
                            const std::string& tag, const ImageSettings& s) {
  const char* status = t.status != TaskStatus::k_success ? "failed"
                       : t.cache == CacheStatus::k_hit   ? "cached"
                                                         : "built";
  return {{"service", g.tasks[i].project},
          {"image", container::image_reference(s, g.tasks[i].project, tag)},
          {"tag", tag},
          {"status", status},
          {"durationMs", t.duration_ms}};
}

ExitCode run_build(const BuildOptions& o) {
  auto ctx = load_context();
  if (!ctx) return ExitCode::k_failure;
  auto settings = container::load_image_settings(ctx->workspace.root);
  if (!settings) return fail(settings.error());
  auto services = chosen_services(*ctx, o);
  if (!services) return fail(services.error());
  if (services->empty()) {
    if (o.json)
      print_json(nlohmann::json::array());
    else
      std::printf("No service to build%s.\n", o.affected ? " (none affected)" : "");
    return ExitCode::k_ok;
  }
  container::SpawnToolRunner runner;
  auto builder = container::find_builder(settings->builder, runner);
  if (!builder) return fail(builder.error());
  auto g = plan_image_tasks(*ctx, *services, *settings, (*builder)->name());
  if (!g) return fail(g.error());
  FileHasher hasher(ctx->workspace.root, ctx->workspace.root / ".strata" / "file-hashes");
  hasher.use_walk_stats(&ctx->files);
  CacheTaskPort cache(*ctx, *g, hasher, CachePolicy{!o.skip_cache, true});
  ImageTaskPort port(cache, self_path(), *g, **builder, *settings);
  RunOptions options;
  options.parallel = 1;  // builders use every core themselves
  options.is_tty = !o.json && is_interactive_terminal();
  options.output_style = default_output_style(options.is_tty);
  options.workspace_root = ctx->workspace.root.string();
  FdOutputSink fd;
  StderrSink quiet;
  OutputSink& sink = o.json ? static_cast<OutputSink&>(quiet) : fd;
  int64_t started_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  RunSummary summary = run_tasks(*g, port, options, sink);
  cache.finish(summary.exit_code == ExitCode::k_interrupted);
  // Image builds go to the performance monitor as the task runner's runs do.
  record_run_metrics(ctx->workspace, *g, summary, started_ms);
  if (auto saved = hasher.save(); !saved) print_warning(saved.error());
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t i : g->requested) {
      std::string tag = i < cache.hashes().size() ? cache.hashes()[i].hex() : "";
      out.push_back(outcome_json(*g, i, summary.tasks[i], tag, *settings));
    }
    print_json(out);
  }
  return summary.exit_code;
}

struct BuildOneOptions {
  std::string service;
  std::string recipe;  // the recipe hash `image build` keyed the task on
};

ExitCode run_build_one(const BuildOneOptions& o) {
  auto ctx = load_context();
  if (!ctx) return ExitCode::k_failure;
  const fs::path& root = ctx->workspace.root;
  auto settings = container::load_image_settings(root);
  if (!settings) return fail(settings.error());
  auto service = container::resolve_service(ctx->workspace, o.service);
  if (!service) return fail(service.error());
  container::SpawnToolRunner runner;
  auto builder = container::find_builder(settings->builder, runner);
  if (!builder) return fail(builder.error());
  auto recipe =
      container::render_recipe(ctx->workspace, ctx->graph, *service, *settings, (*builder)->name());
  if (!recipe) return fail(recipe.error());
  if (!o.recipe.empty() && o.recipe != recipe->recipe_hash)
    return fail(Error("the image recipe of " + *service + " changed while it was being built",
                      SourceLoc{}, "run strata image build again"));
  const char* tag_env = std::getenv("STRATA_IMAGE_TAG");
  std::string tag = tag_env && *tag_env ? tag_env : recipe->recipe_hash;
  fs::path dir = container::context_dir(root, container::image_name(*service));
  if (auto st =
          container::assemble_context(root, recipe->spec, *settings, recipe->files, dir, runner);
      !st)
    return fail(st.error());
  std::string reference = container::image_reference(*settings, *service, tag);
  container::BuildRequest request{
      dir,
      dir / "Dockerfile",
      {reference},
      {{container::k_service_label, *service}, {"org.strata.inputs", tag}}};
  std::printf("Building %s with %s\n", reference.c_str(), (*builder)->name().c_str());
  std::fflush(stdout);
  auto id = (*builder)->build(request);
  if (!id) return fail(id.error());
  std::printf("Built %s (image %s)\n", reference.c_str(), id->substr(0, 12).c_str());
  return ExitCode::k_ok;
}

std::string human_size(int64_t bytes) {
  char buf[32];
  if (bytes >= 1000000000)
    std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
  else if (bytes >= 1000000)
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.1f kB", bytes / 1e3);
  return buf;
}

ExitCode run_list(bool json) {
  auto scanned = scan_workspace();
  if (!scanned) return ExitCode::k_failure;
  auto settings = container::load_image_settings(scanned->root);
  if (!settings) return fail(settings.error());
  container::SpawnToolRunner runner;
  auto builder = container::find_builder(settings->builder, runner);
  if (!builder) return fail(builder.error());
  auto images = (*builder)->list(container::k_service_label);
  if (!images) return fail(images.error());
  std::string prefix = settings->repository + "/";
  std::vector<container::ImageInfo> ours;
  for (auto& i : *images)
    if (i.repository.rfind(prefix, 0) == 0) ours.push_back(std::move(i));
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& i : ours)
      out.push_back({{"service", i.service},
                     {"repository", i.repository},
                     {"tag", i.tag},
                     {"id", i.id},
                     {"digest", i.digest},
                     {"size", i.size},
                     {"created", i.created}});
    print_json(out);
    return ExitCode::k_ok;
  }
  if (ours.empty()) {
    std::printf("No images built yet: strata image build SERVICE\n");
    return ExitCode::k_ok;
  }
  std::printf("%-24s %-34s %-16s %-10s %s\n", "SERVICE", "TAG", "DIGEST", "SIZE", "BUILT");
  for (const auto& i : ours) {
    std::string digest = i.digest.empty() ? i.id : i.digest;
    if (digest.rfind("sha256:", 0) == 0) digest = digest.substr(7);
    std::printf("%-24s %-34s %-16s %-10s %s\n", i.service.c_str(), i.tag.c_str(),
                digest.substr(0, 12).c_str(), human_size(i.size).c_str(), i.created.c_str());
  }
  return ExitCode::k_ok;
}

struct CheckOptions {
  std::vector<std::string> files;
  bool json = false;
};

ExitCode run_check(const CheckOptions& o) {
  std::vector<container::PolicyFinding> findings;
  size_t checked = 0;
  if (!o.files.empty()) {
    for (const auto& f : o.files) {
      auto text = read_file(from_start(f));
      if (!text) return fail(text.error());
      ++checked;
      for (auto& x : container::check_dockerfile(*text, f)) findings.push_back(std::move(x));
    }
  } else {
    auto scanned = scan_workspace();
    if (!scanned) return ExitCode::k_failure;
    auto found = check_workspace_dockerfiles(scanned->root, checked);
    if (!found) return fail(found.error());
    findings = std::move(*found);
  }
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : findings)
      out.push_back({{"file", f.file},
                     {"line", f.line},
                     {"col", f.col},
                     {"rule", f.rule},
                     {"message", f.message},
                     {"hint", f.hint}});
    print_json({{"checked", checked}, {"findings", out}});
  }
  for (const auto& f : findings)
    if (!o.json)
      print_error(Error(f.rule + ": " + f.message, SourceLoc{f.file, f.line, f.col}, f.hint));
  if (!o.json && findings.empty())
    std::printf("%zu Dockerfile%s checked: no policy violations\n", checked,
                checked == 1 ? "" : "s");
  return findings.empty() ? ExitCode::k_ok : ExitCode::k_failure;
}

std::vector<CommandSpec> image_rows() {
  return {
      {"build", "Build the images of services (cached by their inputs; all services by default)",
       "  strata image build billing\n  strata image build --affected --base main\n"
       "  strata image build billing-service --json",
       [](CLI::App& sub) -> Handler {
         auto o = std::make_shared<BuildOptions>();
         sub.add_option("services", o->services, "Services (project or context names)");
         sub.add_flag("--affected", o->affected, "Only services whose projects changed");
         add_affected_options(sub, o->affected_options);
         sub.add_flag("--skip-cache", o->skip_cache, "Build even when the inputs are unchanged");
         add_json_flag(sub, o->json, "Print one JSON entry per image");
         return [o] { return run_build(*o); };
       }},
      {"build-one", "Build one service's image now, without the task cache (the task of build)",
       "  strata image build-one billing-service",
       [](CLI::App& sub) -> Handler {
         auto o = std::make_shared<BuildOneOptions>();
         sub.add_option("service", o->service, "The service")->required();
         sub.add_option("--recipe", o->recipe, "The recipe hash the task was keyed on");
         return [o] { return run_build_one(*o); };
       }},
      {"list", "The images Strata built: service, tag, digest, size, when",
       "  strata image list\n  strata image list --json",
       [](CLI::App& sub) -> Handler {
         auto json = std::make_shared<bool>(false);
         add_json_flag(sub, *json, "Print the images as JSON");
         return [json] { return run_list(*json); };
       }},
      {"check",
       "Check Dockerfiles against the image policy (USER, HEALTHCHECK, pinned bases, "
       "no secrets in ENV/ARG)",
       "  strata image check\n  strata image check services/api/Dockerfile",
       [](CLI::App& sub) -> Handler {
         auto o = std::make_shared<CheckOptions>();
         sub.add_option("files", o->files, "Dockerfiles (default: every tracked one)");
         add_json_flag(sub, o->json, "Print the findings as JSON");
         return [o] { return run_check(*o); };
       }},
  };
}

}  // namespace

std::vector<CommandSpec> image_commands() {
  return {{"image",
           "Container images of services: build (cached, affected-aware), list, check the policy",
           "  strata image build billing\n  strata image list\n  strata image check",
           [](CLI::App& sub) -> Handler { return subcommand_group(sub, image_rows()); }}};
}

}  // namespace strata::cli
