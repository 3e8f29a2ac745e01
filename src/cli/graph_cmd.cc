// graph and show: the project graph in the formats people read (text), tools
// read (Nx JSON, DOT) and browsers show (one HTML page); and the projects,
// optionally filtered to those a change affects.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/command.h"
#include "cli/command_support.h"
#include "cli/context.h"
#include "cli/graph_output_cache.h"
#include "cli/project_filter.h"
#include "cli/run_selection.h"
#include "graph/cycles.h"
#include "graph/graph_output.h"
#include "util/diagnostics.h"
#include "util/fs.h"
#include "util/profile.h"

namespace strata::cli {

namespace {

using enum ExitCode;

// ---- strata graph ---------------------------------------------------------

struct GraphOptions {
  bool json = false, dot = false, html = false;
  std::string file;
  std::string focus;
};

enum class Format { k_text, k_json, k_dot, k_html };

Format pick_format(const GraphOptions& o) {
  if (o.json) return Format::k_json;
  if (o.dot) return Format::k_dot;
  if (o.html) return Format::k_html;
  auto ends = [&](std::string_view ext) { return std::string_view(o.file).ends_with(ext); };
  if (ends(".json")) return Format::k_json;
  if (ends(".dot") || ends(".gv")) return Format::k_dot;
  if (ends(".html") || ends(".htm")) return Format::k_html;
  return Format::k_text;
}

std::string render(Format f, const Workspace& ws, const ProjectGraph& g) {
  switch (f) {
    case Format::k_json:
      return nx_json_text(ws, g);
    case Format::k_dot:
      return to_dot(ws, g);
    case Format::k_html:
      return to_html(ws, g);
    case Format::k_text:
      break;
  }
  return to_text(ws, g);
}

ExitCode emit(const GraphOptions& o, const std::string& text, size_t projects) {
  if (o.file.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return k_ok;
  }
  // -C DIR runs as if started in DIR: a relative --file is DIR's.
  if (auto st = write_atomic(from_start(o.file), text); !st) return fail(st.error());
  std::fprintf(stderr, "Wrote the project graph (%zu projects) to %s\n", projects, o.file.c_str());
  return k_ok;
}

// The same files and the same options render the same text.
Digest output_key(const Digest& fingerprint, Format format, const GraphOptions& o) {
  Hasher h;
  h.add("workspace", fingerprint)
      .add("format", uint64_t{static_cast<uint64_t>(format)})
      .add("focus", o.focus);
  return h.finish();
}

// Prints the stored rendering for `key`; nullopt when there is none.
std::optional<ExitCode> emit_stored(const GraphOptions& o, const std::filesystem::path& root,
                                    const Digest& key) {
  ProfilePhase cached("graph output load");
  auto text = load_graph_output(root, key);
  if (!text) return std::nullopt;
  // The project count for the message: one "strata graph" text line or
  // JSON node per project is not worth parsing back, so it is stored.
  size_t newline = text->find('\n');
  if (newline == std::string::npos || !text->starts_with("projects ")) return std::nullopt;
  size_t projects = std::stoul(text->substr(9, newline - 9));
  return emit(o, text->substr(newline + 1), projects);
}

ExitCode run_graph(const GraphOptions& o) {
  auto root = workspace_root();
  if (!root) return k_failure;
  Format format = pick_format(o);
  // A workspace whose graph comes from its configuration alone needs no
  // walk when its directories and configuration files are as they were.
  if (auto fingerprint = unchanged_fingerprint(*root))
    if (auto done = emit_stored(o, *root, output_key(*fingerprint, format, o))) return *done;
  auto scanned = scan_workspace(*root);
  if (!scanned) return k_failure;
  refresh_tree_shape(*scanned);
  Digest key = output_key(scanned->fingerprint, format, o);
  if (scanned->reusable)
    if (auto done = emit_stored(o, scanned->root, key)) return *done;
  auto ctx = load_context(std::move(*scanned));
  if (!ctx) return k_failure;
  const ProjectGraph* g = &ctx->graph;
  ProjectGraph focused;
  if (!o.focus.empty()) {
    if (!ctx->workspace.find(o.focus)) return fail(ctx->workspace.unknown_project(o.focus));
    focused = focus_graph(ctx->graph, o.focus);
    g = &focused;
  }
  ProfilePhase output("render output");
  std::string text = render(format, ctx->workspace, *g);
  output.stop();
  if (ctx->reusable) {
    ProfilePhase save("graph output save");
    store_graph_output(ctx->workspace.root, key,
                       "projects " + std::to_string(g->nodes.size()) + "\n" + text);
  }
  return emit(o, text, g->nodes.size());
}

CommandSpec graph_command() {
  return {"graph", "Show the project graph (text, Nx JSON, DOT or an interactive HTML page)",
          "  strata graph\n  strata graph --json --file graph.json\n"
          "  strata graph --html --file graph.html\n  strata graph --dot --focus api | dot -Tsvg > "
          "api.svg",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<GraphOptions>();
            auto* json = sub.add_flag("--json", o->json,
                                      "Nx's graph JSON ({\"graph\": {nodes, dependencies}})");
            auto* dot = sub.add_flag("--dot", o->dot, "Graphviz DOT");
            auto* html =
                sub.add_flag("--html", o->html, "One self-contained interactive HTML page");
            json->excludes(dot)->excludes(html);
            dot->excludes(html);
            sub.add_option("--file", o->file,
                           "Write to this file; the format follows its extension unless given");
            sub.add_option("--focus", o->focus,
                           "Only this project, its dependencies and its dependents");
            return [o] { return run_graph(*o); };
          }};
}

// ---- strata show projects / show project NAME ----------------------------

struct ShowOptions {
  bool affected = false;
  AffectedOptions affected_opts;
  std::string with_target;
  std::vector<std::string> projects;
  bool json = false;
  std::string name;  // show project NAME
};

Result<std::vector<std::string>> listed_projects(const Context& ctx, const ShowOptions& o) {
  auto selected = select_projects(ctx.workspace, split_list(o.projects), {});
  if (!selected) return selected.error();
  std::vector<std::string> names = std::move(*selected);
  if (o.affected) {
    auto affected = affected_projects(ctx, o.affected_opts);
    if (!affected) return affected.error();
    std::erase_if(names, [&](const std::string& n) {
      return !std::binary_search(affected->begin(), affected->end(), n);
    });
  }
  if (!o.with_target.empty())
    std::erase_if(names, [&](const std::string& n) {
      return ctx.workspace.find(n)->targets.count(o.with_target) == 0;
    });
  return names;
}

ExitCode run_show_projects(ShowOptions o) {
  if (o.affected) prefetch_changed_files(o.affected_opts);
  auto ctx = load_context();
  if (!ctx) return k_failure;
  auto names = listed_projects(*ctx, o);
  if (!names) return fail(names.error());
  if (o.json) {
    std::printf("%s\n", nlohmann::json(*names).dump(2).c_str());
    return k_ok;
  }
  for (const auto& n : *names) std::printf("%s\n", n.c_str());
  return k_ok;
}

nlohmann::json project_json(const Project& p, const ProjectGraph& g) {
  nlohmann::json targets = nlohmann::json::object();
  for (const auto& [name, t] : p.targets) targets[name] = target_to_json(t);
  nlohmann::json deps = nlohmann::json::array();
  if (auto it = g.dependencies.find(p.name); it != g.dependencies.end())
    for (const auto& d : it->second)
      deps.push_back({{"target", d.target}, {"type", dependency_type_name(d.type)}});
  auto rdeps = g.dependents();
  GraphCycles cycles = find_cycles(g);
  const ProjectCycle* cycle = cycles.find(p.name);
  return {{"name", p.name},
          {"root", p.root},
          {"sourceRoot", p.source_root},
          {"projectType", p.project_type},
          {"tags", p.tags},
          {"implicitDependencies", p.implicit_dependencies},
          {"targets", std::move(targets)},
          {"dependencies", std::move(deps)},
          {"dependents", rdeps[p.name]},
          // The projects of the cycle this one is in (itself included), or [].
          {"cycle", cycle ? cycle->projects : std::vector<std::string>{}}};
}

std::string joined(const nlohmann::json& list) {
  std::string s;
  for (const auto& item : list)
    s += (s.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : item.dump());
  return s.empty() ? "(none)" : s;
}

void print_target(const std::string& name, const nlohmann::json& t) {
  std::printf("    %s\n      executor:  %s\n", name.c_str(),
              t["executor"].get<std::string>().c_str());
  nlohmann::json options = t["options"];
  if (options.contains("command")) {
    const auto& c = options["command"];
    std::printf("      command:   %s\n",
                c.is_string() ? c.get<std::string>().c_str() : c.dump().c_str());
    options.erase("command");
  }
  if (options.contains("commands")) {
    std::printf("      commands:  %s\n", joined(options["commands"]).c_str());
    options.erase("commands");
  }
  if (!options.empty()) std::printf("      options:   %s\n", options.dump().c_str());
  if (t.contains("dependsOn")) std::printf("      dependsOn: %s\n", joined(t["dependsOn"]).c_str());
  std::printf("      inputs:    %s\n",
              t.contains("inputs") ? joined(t["inputs"]).c_str() : "default");
  std::printf("      outputs:   %s\n", joined(t["outputs"]).c_str());
  std::printf("      cache:     %s\n", t["cache"].get<bool>() ? "yes" : "no");
}

ExitCode run_show_project(const ShowOptions& o) {
  auto ctx = load_context();
  if (!ctx) return k_failure;
  const Project* p = ctx->workspace.find(o.name);
  if (!p) return fail(ctx->workspace.unknown_project(o.name));
  nlohmann::json j = project_json(*p, ctx->graph);
  if (o.json) {
    std::printf("%s\n", j.dump(2).c_str());
    return k_ok;
  }
  std::vector<std::string> deps;
  for (const auto& d : j["dependencies"])
    deps.push_back(d["target"].get<std::string>() +
                   (d["type"] == "static" ? "" : " (" + d["type"].get<std::string>() + ")"));
  std::printf("%s\n  root:        %s\n  source root: %s\n  type:        %s\n  tags:        %s\n",
              p->name.c_str(), p->root.c_str(), p->source_root.c_str(), p->project_type.c_str(),
              joined(j["tags"]).c_str());
  std::printf("  depends on:  %s\n  dependents:  %s\n", joined(deps).c_str(),
              joined(j["dependents"]).c_str());
  if (!j["cycle"].empty()) std::printf("  in a cycle:  %s\n", joined(j["cycle"]).c_str());
  std::printf("  targets:\n");
  for (const auto& [name, t] : j["targets"].items()) print_target(name, t);
  return k_ok;
}

CommandSpec show_command() {
  return {
      "show", "Show projects (optionally only affected ones) or one project's configuration",
      "  strata show projects\n  strata show projects --affected --base origin/main\n"
      "  strata show projects --with-target test --projects 'libs-*' --json\n"
      "  strata show project api --json",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<ShowOptions>();
        sub.require_subcommand(1);
        CLI::App* list = sub.add_subcommand("projects", "List project names");
        list->add_flag("--affected", o->affected, "Only projects affected by the changes");
        add_affected_options(*list, o->affected_opts);
        list->add_option("--with-target", o->with_target, "Only projects that have this target");
        list->add_option("-p,--projects", o->projects,
                         "Names, globs, or tag:TAG (comma-separated)");
        list->add_flag("--json", o->json, "Print a JSON array");
        CLI::App* one = sub.add_subcommand(
            "project", "Show one project: targets, inputs, outputs, dependencies");
        one->add_option("name", o->name, "Project name")->required();
        one->add_flag("--json", o->json, "Print JSON");
        return [o, list] { return list->parsed() ? run_show_projects(*o) : run_show_project(*o); };
      }};
}

}  // namespace

std::vector<CommandSpec> graph_commands() { return {graph_command(), show_command()}; }

}  // namespace strata::cli
