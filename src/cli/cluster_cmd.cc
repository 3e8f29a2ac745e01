// `strata deploy` and `strata scale` (plugin "cluster"). Deploy renders
// each service's objects for the environment, applies them server-side,
// follows the Deployment's rollout where controllers run and rolls back a
// failed one (cluster/rollout.h), printing what happened per object, and
// appends one "deployment" row per service to .strata/metrics.db.

#include "cli/cluster_cmd.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <set>

#include "cli/cluster_connection.h"
#include "cli/command_support.h"
#include "cli/context.h"
#include "cli/image_plan.h"
#include "cli/run_selection.h"
#include "cluster/rollout.h"
#include "config/topology.h"
#include "container/built_image.h"
#include "container/cli_builder.h"
#include "container/image_spec.h"
#include "monitor/metrics_store.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct DeployOptions {
  std::vector<std::string> services;
  ClusterTarget target;
  std::string image;
  std::string objects_file;
  bool dry_run = false;
  bool affected = false;
  bool no_wait = false;
  bool json = false;
  int timeout_s = 300;
  AffectedOptions affected_options;
};

int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string ready_text(const cluster::RolloutStatus& s) {
  std::string images;
  for (const auto& i : s.images) images += (images.empty() ? "" : ", ") + i;
  return std::to_string(s.ready) + "/" + std::to_string(s.desired) + " ready, revision " +
         std::to_string(s.revision) + (images.empty() ? "" : ", image " + images);
}

json status_json(const cluster::RolloutStatus& s) {
  return {{"phase", cluster::phase_name(s.phase)},
          {"message", s.message},
          {"desired", s.desired},
          {"updated", s.updated},
          {"ready", s.ready},
          {"available", s.available},
          {"revision", s.revision},
          {"images", s.images}};
}

// The services whose projects changed: a project's `context:NAME` tag names
// its context, and a context in the topology is a service.
Result<std::vector<std::string>> affected_services(const Context& ctx, const Topology& topology,
                                                   const AffectedOptions& o) {
  auto projects = affected_projects(ctx, o);
  if (!projects) return projects.error();
  std::set<std::string> out;
  for (const auto& name : *projects)
    if (const Project* p = ctx.workspace.find(name))
      for (const auto& tag : p->tags)
        if (tag.starts_with("context:") && topology.find(tag.substr(8))) out.insert(tag.substr(8));
  return std::vector<std::string>(out.begin(), out.end());
}

void record(const fs::path& root, const std::string& service, const std::string& env,
            int64_t started, bool ok) {
  const char* off = std::getenv("STRATA_METRICS");
  if (off && std::string_view(off) == "0") return;
  monitor::Sample s;
  s.kind = monitor::RecordKind::k_deployment;
  s.subject = service;
  s.target = env;
  s.started_ms = started;
  s.duration_ms = unix_ms() - started;
  s.outcome = ok ? "success" : "failure";
  s.run_id = std::to_string(started) + "-" + std::to_string(::getpid());
  auto store = monitor::MetricsStore::open(monitor::metrics_path(root));
  Status saved = store ? store->append({s}) : Status(store.error());
  if (!saved) print_warning(Error("deployment not recorded in metrics: " + saved.error().str()));
}

void print_outcome(const cluster::DeploymentOutcome& d) {
  std::string name = lower(d.ref.kind) + "/" + d.ref.name;
  if (d.failure.empty()) {
    if (d.waited)
      std::printf("  %s: %s (%s)\n", name.c_str(), d.status.message.c_str(),
                  ready_text(d.status).c_str());
    else
      std::printf("  %s: applied, rollout not followed: %s\n", name.c_str(),
                  d.status.message.c_str());
    return;
  }
  std::printf("  %s: rollout failed: %s\n", name.c_str(), d.failure.c_str());
  if (d.rolled_back)
    std::printf("  %s: rolled back from revision %lld to the previous revision (%lld): %s (%s)\n",
                name.c_str(), static_cast<long long>(d.rolled_back->from_revision),
                static_cast<long long>(d.rolled_back->to_revision),
                d.after_rollback.message.c_str(), ready_text(d.after_rollback).c_str());
}

json report_json(const std::string& service, const std::string& env, const std::string& ns,
                 const cluster::DeployReport& r, bool dry_run) {
  json applied = json::array(), deployments = json::array();
  for (const auto& a : r.applied)
    applied.push_back({{"kind", a.ref.kind},
                       {"name", a.ref.name},
                       {"namespace", a.ref.namespace_},
                       {"action", a.action}});
  for (const auto& d : r.deployments) {
    json j = {{"name", d.ref.name},
              {"waited", d.waited},
              {"status", status_json(d.status)},
              {"failure", d.failure}};
    if (d.rolled_back)
      j["rolled_back"] = {{"from_revision", d.rolled_back->from_revision},
                          {"to_revision", d.rolled_back->to_revision},
                          {"status", status_json(d.after_rollback)}};
    deployments.push_back(std::move(j));
  }
  return {{"service", service},        {"env", env},   {"namespace", ns},
          {"dry_run", dry_run},        {"ok", r.ok()}, {"objects", applied},
          {"deployments", deployments}};
}

// The image to deploy `service` with: --image as given, else the image
// `strata image build` made of the service's current sources, by digest
// (never NAME:latest, which would run whatever a node has under that tag).
Result<std::string> image_for(Context& ctx, const DeployOptions& o, const std::string& service) {
  if (!o.image.empty() || !o.objects_file.empty()) return o.image;
  const std::string pass = "pass --image NAME@sha256:DIGEST";
  auto project = container::resolve_service(ctx.workspace, service);
  if (!project)
    return Error("no --image for " + service + ", and " + project.error().message, {}, pass);
  auto settings = container::load_image_settings(ctx.workspace.root);
  if (!settings) return settings.error();
  container::SpawnToolRunner runner;
  auto builder = container::find_builder(settings->builder, runner);
  if (!builder)
    return Error("no --image for " + service +
                     ", and no image builder to find the one built: " + builder.error().message,
                 {}, pass);
  auto tags = current_image_tags(ctx, {*project}, *settings, (*builder)->name());
  if (!tags) return tags.error();
  auto images = (*builder)->list(container::k_service_label);
  if (!images) return images.error();
  return container::pick_built_image(*images, *settings, *project, tags->at(*project));
}

// One service: render, apply, follow. False when it failed (printed).
bool deploy_service(const std::string& service, const DeployOptions& o, const ObjectSource& source,
                    ClusterConnection& c, json& out) {
  int64_t started = unix_ms();
  auto objects = service_objects(source, service, o.target);
  if (!objects) return print_error(objects.error()), false;
  cluster::DeployOptions d;
  d.dry_run = o.dry_run;
  d.wait = !o.no_wait;
  d.timeout = std::chrono::seconds(o.timeout_s);
  if (!o.json)
    std::printf("deploy %s to %s (context %s, namespace %s)%s%s\n", service.c_str(),
                o.target.env.c_str(), c.config.context.c_str(), c.namespace_.c_str(),
                o.dry_run ? ", server dry run" : "",
                source.image.empty() ? "" : (", image " + source.image).c_str());
  std::fflush(stdout);
  auto report = cluster::deploy(*c.api, *objects, c.namespace_, d);
  if (!o.dry_run) record(source.root, service, o.target.env, started, report && report->ok());
  if (!report) {
    print_error(
        Error("deploy of " + service + " to " + o.target.env + ": " + report.error().message, {},
              report.error().hint));
    return false;
  }
  if (o.json) {
    out.push_back(report_json(service, o.target.env, c.namespace_, *report, o.dry_run));
    if (!source.image.empty()) out.back()["image"] = source.image;
  } else {
    for (const auto& a : report->applied)
      std::printf("  %s/%s %s%s\n", lower(a.ref.kind).c_str(), a.ref.name.c_str(), a.action.c_str(),
                  o.dry_run ? " (server dry run)" : "");
    for (const auto& dep : report->deployments) print_outcome(dep);
  }
  std::fflush(stdout);
  if (report->ok()) return true;
  bool rolled_back = false;
  for (const auto& dep : report->deployments) rolled_back |= dep.rolled_back.has_value();
  print_error(
      Error("deploy of " + service + " to " + o.target.env + " failed" +
            (rolled_back ? "; rolled back to the previous revision" : "; not rolled back")));
  return false;
}

ExitCode run_deploy(DeployOptions o) {
  auto ctx = load_context();
  if (!ctx) return ExitCode::k_failure;
  const fs::path root = ctx->workspace.root;
  if (o.affected) {
    auto topology = load_topology(root);
    if (!topology) return fail(topology.error());
    auto more = affected_services(*ctx, *topology, o.affected_options);
    if (!more) return fail(more.error());
    for (auto& s : *more)
      if (std::find(o.services.begin(), o.services.end(), s) == o.services.end())
        o.services.push_back(s);
    if (o.services.empty()) {
      if (o.json)
        print_json(json::array());
      else
        std::printf("no service is affected: nothing to deploy\n");
      return ExitCode::k_ok;
    }
  }
  if (o.services.empty())
    return fail(
        Error("name the services to deploy", {}, "strata deploy SERVICE... --env E, or --affected"),
        ExitCode::k_usage);
  // A tag can move between the build and the rollout (and between two
  // nodes pulling it); a digest names exactly what was built.
  if (!o.image.empty() && o.image.find("@sha256:") == std::string::npos && !o.dry_run)
    print_warning(Error("--image " + o.image +
                            " names no digest: nodes pull whatever the tag "
                            "points at when they start a pod",
                        {}, "pass NAME@sha256:DIGEST, as `strata image build` prints it"));
  auto c = connect_cluster(o.target);
  if (!c) return fail(c.error());
  json out = json::array();
  bool ok = true;
  for (const auto& service : o.services) {
    auto image = image_for(*ctx, o, service);
    if (!image) {
      print_error(image.error());
      ok = false;
      continue;
    }
    ok &=
        deploy_service(service, o, ObjectSource{root, *image, from_start(o.objects_file)}, *c, out);
  }
  if (o.json) print_json(out);
  return ok ? ExitCode::k_ok : ExitCode::k_failure;
}

struct ScaleOptions {
  std::string service;
  ClusterTarget target;
  int replicas = -1;
  bool no_wait = false;
  int timeout_s = 300;
  std::string objects_file;
};

ExitCode run_scale(const ScaleOptions& o) {
  if (o.replicas < 0) return fail(Error("--replicas must be 0 or more"), ExitCode::k_usage);
  auto scanned = scan_workspace();
  if (!scanned) return ExitCode::k_failure;
  auto c = connect_cluster(o.target);
  if (!c) return fail(c.error());
  ObjectSource source{scanned->root, "", from_start(o.objects_file)};
  cluster::ObjectRef ref = service_deployment(source, o.service, o.target, *c);
  auto before = c->api->get_scale(ref.namespace_, ref.name);
  if (!before) return fail(before.error());
  auto after = c->api->set_scale(ref.namespace_, ref.name, o.replicas);
  if (!after) return fail(after.error());
  std::printf("scaled %s in %s to %d replicas (was %d)\n", o.service.c_str(), o.target.env.c_str(),
              after->desired, before->desired);
  if (o.no_wait) return ExitCode::k_ok;
  cluster::DeployOptions d;
  d.timeout = std::chrono::seconds(o.timeout_s);
  auto status = cluster::wait_for_rollout(*c->api, ref, d, cluster::system_clock());
  if (!status) return fail(status.error());
  if (status->phase == cluster::RolloutPhase::k_failed)
    return fail(Error("scaling " + o.service + ": " + status->message));
  std::printf("  %s: %s (%s)\n", ("deployment/" + ref.name).c_str(), status->message.c_str(),
              ready_text(*status).c_str());
  return ExitCode::k_ok;
}

CommandSpec deploy_command() {
  return {
      "deploy",
      "Deploy services to a Kubernetes cluster: server-side apply, follow the rollout, roll "
      "back a failed one",
      "  strata image build orders && strata deploy orders --env dev\n"
      "  strata deploy orders --env dev --image registry.example/orders@sha256:...\n"
      "  strata deploy orders billing --env staging --dry-run\n"
      "  strata deploy --affected --base main --env dev --json",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<DeployOptions>();
        sub.add_option("services", o->services, "The services (split contexts) to deploy");
        add_cluster_options(sub, o->target, true);
        sub.add_option("--image", o->image,
                       "The image reference, with its digest (name@sha256:...); default: the "
                       "image `strata image build` made of the service's current sources");
        sub.add_flag("--dry-run", o->dry_run,
                     "Have the API server validate and answer without storing anything");
        sub.add_flag("--affected", o->affected, "Also deploy the services whose projects changed");
        add_affected_options(sub, o->affected_options);
        sub.add_option("--timeout", o->timeout_s, "Seconds to wait for each rollout (default 300)");
        sub.add_flag("--no-wait", o->no_wait, "Apply and return without following the rollout");
        sub.add_option("--objects", o->objects_file,
                       "Deploy the objects in this JSON or YAML file instead of rendering them");
        add_json_flag(sub, o->json);
        return [o] { return run_deploy(*o); };
      }};
}

CommandSpec scale_command() {
  return {"scale", "Set a deployed service's replica count (the Deployment's scale subresource)",
          "  strata scale orders --replicas 3 --env production", [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<ScaleOptions>();
            sub.add_option("service", o->service, "The service")->required();
            sub.add_option("--replicas", o->replicas, "How many replicas")->required();
            add_cluster_options(sub, o->target, true);
            sub.add_flag("--no-wait", o->no_wait, "Return without waiting for the replicas");
            sub.add_option("--timeout", o->timeout_s, "Seconds to wait (default 300)");
            sub.add_option("--objects", o->objects_file,
                           "Find the Deployment in this file instead of rendering")
                ->group("");
            return [o] { return run_scale(*o); };
          }};
}

}  // namespace

std::vector<CommandSpec> cluster_commands() { return {deploy_command(), scale_command()}; }

}  // namespace strata::cli
