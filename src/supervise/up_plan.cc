#include "supervise/up_plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "exec/child_env.h"
#include "tasks/command.h"

namespace strata {

namespace {

constexpr std::string_view k_serve = "serve";

bool has_tag(const Project& p, std::string_view tag) {
  return std::find(p.tags.begin(), p.tags.end(), tag) != p.tags.end();
}

std::vector<const ServiceConfig*> split_services(const Topology& t) {
  std::vector<const ServiceConfig*> out;
  for (const auto& [_, s] : t.services)
    if (s.mode == ServiceMode::k_service) out.push_back(&s);
  return out;
}

// The serve command of `project` with `vars` and PORT over its target's env.
Result<ProcessSpec> serve_process(const Workspace& ws, const Project& project, int port,
                                  std::map<std::string, std::string> vars,
                                  const char* const* inherited) {
  Task task;
  task.id = project.name + ":serve";
  task.project = project.name;
  task.target = std::string(k_serve);
  auto resolved = resolve_command(ws, task);
  if (!resolved) return resolved.error();
  if (resolved->commands.empty())
    return Error(fmt::format("the serve target of project '{}' runs nothing", project.name), {},
                 "give it a command that starts the server in the foreground");
  for (const auto& [k, v] : resolved->env) vars.emplace(k, v);
  vars["PORT"] = std::to_string(port);
  ProcessSpec p;
  std::string sep = resolved->parallel && resolved->commands.size() > 1 ? " & " : " && ";
  for (const auto& c : resolved->commands) p.command += (p.command.empty() ? "" : sep) + c;
  if (sep == " & ") p.command += "; wait";
  p.cwd = resolved->cwd;
  p.env = build_child_env(inherited, vars, resolved->cwd, ws.root.string());
  p.port = port;
  return p;
}

Error no_serve(const Project& p) {
  return Error(fmt::format("project '{}' has no serve target", p.name), {},
               fmt::format("add a `serve` target that starts its server on $PORT to {}",
                           p.config_file.empty() ? p.root : p.config_file));
}

}  // namespace

bool uses_kafka(const Topology& topology) {
  for (const auto* s : split_services(topology))
    if (s->transport == Transport::k_kafka) return true;
  return false;
}

std::map<std::string, std::string> shared_variables(const Topology& topology, const UpEnv& env) {
  std::map<std::string, std::string> vars;
  for (const auto* s : split_services(topology)) {
    if (s->transport == Transport::k_http)
      vars[service_url_variable(s->context)] = fmt::format("http://127.0.0.1:{}", s->port);
    else if (s->transport == Transport::k_grpc)  // health on the port, gRPC on the next
      vars[service_url_variable(s->context)] = fmt::format("127.0.0.1:{}", s->port + 1);
  }
  if (!env.kafka_bootstrap.empty()) vars["STRATA_KAFKA_BOOTSTRAP"] = env.kafka_bootstrap;
  if (!env.jwt_key.empty()) vars["STRATA_SERVICE_JWT_KEY"] = env.jwt_key;
  return vars;
}

namespace {

// The service process of split context `s`, or its problem.
PlannedProcess service_process(const Workspace& ws, const ServiceConfig& s, const UpEnv& env,
                               const std::map<std::string, std::string>& vars,
                               const char* const* inherited) {
  PlannedProcess out;
  std::string project_name = s.context + "-service";
  const Project* project = ws.find(project_name);
  if (!project) {
    out.problem = Error(
        fmt::format("split service '{}' has no project '{}'", s.context, project_name), {},
        fmt::format("run `strata split {}` to generate contexts/{}/service, or `strata merge {}`",
                    s.context, s.context, s.context));
  } else if (!project->targets.count(std::string(k_serve))) {
    out.problem = no_serve(*project);
  } else if (s.port == 0) {
    out.problem = Error(fmt::format("split service '{}' has no port in topology.json", s.context),
                        {}, fmt::format("set services.{}.port in topology.json", s.context));
  } else {
    auto p = serve_process(ws, *project, s.port, vars, inherited);
    if (p)
      out.spec = std::move(*p);
    else
      out.problem = p.error();
  }
  out.spec.name = s.context;
  out.spec.kind = "service";
  out.spec.port = s.port;
  out.spec.health = s.health;
  if (s.transport == Transport::k_kafka && env.broker) out.spec.deps.push_back("kafka");
  return out;
}

}  // namespace

Result<std::vector<PlannedProcess>> plan_processes(const Workspace& ws, const Topology& topology,
                                                   const UpEnv& env, const char* const* inherited) {
  auto vars = shared_variables(topology, env);
  std::vector<PlannedProcess> out;
  std::vector<std::string> service_names;
  for (const auto* s : split_services(topology)) {
    out.push_back(service_process(ws, *s, env, vars, inherited));
    service_names.push_back(s->context);
  }
  int port = topology.monolith_port;
  for (const auto& project : ws.projects) {
    if (!has_tag(project, "type:app") || !project.targets.count(std::string(k_serve))) continue;
    PlannedProcess planned;
    auto p = serve_process(ws, project, port++, vars, inherited);
    if (p)
      planned.spec = std::move(*p);
    else
      planned.problem = p.error();
    planned.spec.name = project.name;
    planned.spec.kind = "monolith";
    planned.spec.port = port - 1;
    planned.spec.deps = service_names;
    if (env.broker) planned.spec.deps.insert(planned.spec.deps.begin(), "kafka");
    out.push_back(std::move(planned));
  }
  if (out.empty())
    return Error(
        "nothing to run: topology.json splits no service and no project tagged type:app has a "
        "serve target",
        {},
        "tag the composition root `type:app` and give it a `serve` target, or `strata split "
        "CONTEXT`");
  return out;
}

}  // namespace strata
