// nx:run-commands semantics, after Nx's run-commands executor: `commands`
// (or the single `command`) each get the forwarded arguments appended
// unless they use {args.name} placeholders or set forwardAllArgs: false.
// The forwarded arguments are, in order: options run-commands does not know
// itself (as --key=value), the `args` option, and the task's own arguments.
// `parallel` defaults to true as in Nx; the working directory defaults to
// the workspace root, and relative ones are taken from there. Any other
// executor becomes one `nx run` of the task (nx/nx_install.h).

#include "tasks/command.h"

#include <algorithm>
#include <array>

#include "nx/executor_hint.h"
#include "nx/nx_install.h"
#include "tasks/arguments.h"
#include "util/fs.h"
#include "util/suggest.h"

namespace strata {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Options nx:run-commands reads itself; the rest are forwarded.
constexpr std::array<std::string_view, 19> k_own_options = {
    "command", "commands",     "color",   "parallel",       "readyWhen",
    "cwd",     "args",         "envFile", "__unparsed__",   "env",
    "usePty",  "streamOutput", "verbose", "forwardAllArgs", "tty",
    "prefix",  "prefixColor",  "bgColor", "description"};

bool own_option(std::string_view key) {
  return std::find(k_own_options.begin(), k_own_options.end(), key) != k_own_options.end();
}

std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

struct Tokens {
  std::string project_root, project_name, workspace_root;
  const json* options = nullptr;
  std::map<std::string, std::string> args;
};

// Replaces every "{name}" for which `lookup` gives a value.
template <typename F>
std::string replace_braced(const std::string& s, F lookup) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find('{', i);
    size_t close = open == std::string::npos ? open : s.find('}', open);
    if (close == std::string::npos) break;
    out.append(s, i, open - i);
    std::string name = s.substr(open + 1, close - open - 1);
    if (auto v = lookup(name)) {
      out += *v;
    } else {
      out.append(s, open, close - open + 1);
    }
    i = close + 1;
  }
  out.append(s, i, std::string::npos);
  return out;
}

// Option values may hold tokens themselves ("dist/{projectName}"); those
// are resolved one level deep, so an option naming itself cannot loop.
std::string interpolate(const std::string& s, const Tokens& t, int depth = 0) {
  return replace_braced(s, [&](const std::string& name) -> std::optional<std::string> {
    if (name == "projectRoot") return t.project_root;
    if (name == "projectName") return t.project_name;
    if (name == "workspaceRoot") return t.workspace_root;
    if (name.rfind("options.", 0) == 0 && depth == 0) {
      auto it = t.options->find(name.substr(8));
      return it == t.options->end() ? std::string() : interpolate(scalar_text(*it), t, 1);
    }
    if (name.rfind("args.", 0) == 0) {
      auto it = t.args.find(name.substr(5));
      return it == t.args.end() ? std::string() : it->second;
    }
    return std::nullopt;
  });
}

std::vector<std::string> args_option(const json& opts) {
  auto it = opts.find("args");
  if (it == opts.end()) return {};
  if (it->is_string()) return split_words(it->get<std::string>());
  if (it->is_array()) return it->get<std::vector<std::string>>();
  return {};
}

// The text appended to commands that forward arguments.
std::string forwarded_text(const json& opts, const Task& task) {
  std::string out;
  for (const auto& [k, v] : opts.items())
    if (!own_option(k)) out += " " + shell_quote("--" + k + "=" + scalar_text(v));
  if (auto it = opts.find("args"); it != opts.end()) {
    if (it->is_string() && !it->get<std::string>().empty()) out += " " + it->get<std::string>();
    if (it->is_array())
      for (const auto& a : *it) out += " " + shell_quote(scalar_text(a));
  }
  for (const auto& a : task.args) out += " " + shell_quote(a);
  return out;
}

struct CommandSpec {
  std::string command;
  bool forward = true;
};

std::vector<CommandSpec> command_specs(const json& opts) {
  std::vector<CommandSpec> out;
  bool forward_all = opts.value("forwardAllArgs", true);
  if (auto it = opts.find("commands"); it != opts.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (c.is_string()) {
        out.push_back({c.get<std::string>(), forward_all});
      } else if (c.is_object()) {
        out.push_back({c.value("command", std::string()), c.value("forwardAllArgs", forward_all)});
      }
    }
  } else if (auto cmd = opts.find("command"); cmd != opts.end() && cmd->is_string()) {
    out.push_back({cmd->get<std::string>(), forward_all});
  }
  return out;
}

std::string unquote(std::string_view v) {
  if (v.size() >= 2 && (v[0] == '"' || v[0] == '\'') && v.back() == v[0])
    return std::string(v.substr(1, v.size() - 2));
  return std::string(v);
}

// KEY=VALUE lines as dotenv reads them: comments, blank lines and an
// "export " prefix are skipped; one level of quotes is removed.
Status read_env_file(const fs::path& path, const std::string& shown,
                     std::map<std::string, std::string>& env) {
  auto text = read_file(path);
  if (!text) return Error("cannot read envFile '" + shown + "': " + text.error().message);
  std::string_view rest = *text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("export ", 0) == 0) line.remove_prefix(7);
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    env[std::string(line.substr(0, eq))] = unquote(line.substr(eq + 1));
  }
  return ok_status();
}

Status fill_env(const Workspace& ws, const json& opts, const Tokens& tokens, ResolvedCommand& out) {
  if (auto f = opts.find("envFile"); f != opts.end() && f->is_string()) {
    std::string shown = interpolate(f->get<std::string>(), tokens);
    fs::path p = fs::path(shown).is_absolute() ? fs::path(shown) : ws.root / shown;
    if (auto s = read_env_file(p, shown, out.env); !s) return s;
  }
  if (auto e = opts.find("env"); e != opts.end() && e->is_object())
    for (const auto& [k, v] : e->items()) out.env[k] = interpolate(scalar_text(v), tokens);
  return ok_status();
}

Result<const Target*> find_target(const Workspace& ws, const Task& task, const Project** project) {
  *project = ws.find(task.project);
  if (!*project) return ws.unknown_project(task.project);
  auto it = (*project)->targets.find(task.target);
  if (it != (*project)->targets.end()) return &it->second;
  std::vector<std::string> names;
  for (const auto& [n, t] : (*project)->targets) names.push_back(n);
  return Error("project '" + task.project + "' has no target '" + task.target + "'", {},
               did_you_mean(task.target, names));
}

// An executor Strata does not run itself runs through the workspace's Nx,
// one task at a time: Strata has already scheduled its dependencies and
// owns the cache. Without Nx this is where the target fails, never earlier.
Result<ResolvedCommand> resolve_through_nx(const Workspace& ws, const Project& project,
                                           const Target& target, const Task& task) {
  auto nx = find_nx(ws.root);
  if (!nx)
    return Error("project '" + project.name + "' target '" + target.name + "' uses executor '" +
                     target.executor +
                     "', which Strata runs through Nx, and Nx is not installed "
                     "in this workspace (node_modules/nx)",
                 target.executor_loc.known() ? target.executor_loc : target.loc,
                 executor_hint(target.executor, target.name,
                               effective_options(target, task.configuration), project.root));
  ResolvedCommand out;
  out.cwd = ws.root.string();
  out.commands.push_back(
      nx_run_command(*nx, project.name, target.name, task.configuration, task.args));
  out.env = nx_environment(ws.root);
  return out;
}

}  // namespace

bool runs_through_nx(const Target& target) {
  return target.executor != "nx:run-commands" && target.executor != "nx:noop";
}

json effective_options(const Target& target, const std::string& configuration) {
  json opts = target.options.is_object() ? target.options : json::object();
  const std::string& name = configuration.empty() ? target.default_configuration : configuration;
  if (auto it = target.configurations.find(name); it != target.configurations.end())
    for (const auto& [k, v] : it->second.items()) opts[k] = v;
  return opts;
}

Result<ResolvedCommand> resolve_command(const Workspace& ws, const Task& task) {
  const Project* project = nullptr;
  auto target = find_target(ws, task, &project);
  if (!target) return target.error();
  ResolvedCommand out;
  out.cwd = ws.root.string();
  if ((*target)->executor == "nx:noop") {
    out.noop = true;
    return out;
  }
  if (runs_through_nx(**target)) return resolve_through_nx(ws, *project, **target, task);
  json opts = effective_options(**target, task.configuration);
  Tokens tokens{project->root, project->name, ws.root.string(), &opts, {}};
  for (const auto& [k, v] : opts.items())
    if (!own_option(k)) tokens.args[k] = scalar_text(v);
  parse_flags(args_option(opts), tokens.args);
  parse_flags(task.args, tokens.args);

  std::string forwarded = forwarded_text(opts, task);
  for (const auto& spec : command_specs(opts)) {
    bool placeholders = spec.command.find("{args.") != std::string::npos;
    std::string cmd = interpolate(spec.command, tokens);
    if (!placeholders && spec.forward) cmd += forwarded;
    out.commands.push_back(std::move(cmd));
  }
  if (out.commands.empty())
    return Error("target '" + task.target + "' of project '" + task.project + "' has no command",
                 (*target)->loc);
  if (auto cwd = opts.find("cwd"); cwd != opts.end() && cwd->is_string()) {
    fs::path p = interpolate(cwd->get<std::string>(), tokens);
    out.cwd = (p.is_absolute() ? p : ws.root / p).lexically_normal().string();
    while (out.cwd.size() > 1 && out.cwd.back() == '/') out.cwd.pop_back();
  }
  out.parallel = out.commands.size() > 1 && opts.value("parallel", true);
  if (auto s = fill_env(ws, opts, tokens, out); !s) return Error(s.error().message, (*target)->loc);
  return out;
}

}  // namespace strata
