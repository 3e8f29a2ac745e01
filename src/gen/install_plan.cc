// The planner reads only the write plan and the disk (through ToolProbe for
// what lies outside the workspace), so a dry run can say what it would
// install and the unit tests need no network. It looks at what a plan
// holds, not at which generator made it: a workspace generator that writes
// a package.json gets its packages installed too.

#include "gen/install_plan.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "util/fs.h"
#include "util/glob.h"

namespace strata::gen {

namespace fs = std::filesystem;

namespace {

const PlannedFile* find_planned(const WritePlan& plan, std::string_view path) {
  for (const auto& f : plan.files())
    if (f.path == path) return &f;
  return nullptr;
}

bool written(const PlannedFile& f) {
  return f.action == FileAction::k_create || f.action == FileAction::k_overwrite;
}

// A file as it will be once the plan is applied: the plan's content where
// the plan writes it, else the disk's.
std::string text_after(const WritePlan& plan, std::string_view path) {
  if (const PlannedFile* f = find_planned(plan, path); f && written(*f)) return f->content;
  auto on_disk = read_file(plan.root() / path);
  return on_disk ? *on_disk : std::string();
}

std::string parent_of(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash));
}

std::string base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::vector<std::string> workspace_globs(const std::string& root_package_json) {
  auto doc = nlohmann::json::parse(root_package_json, nullptr, false);
  if (!doc.is_object() || !doc.contains("workspaces")) return {};
  const auto& w = doc["workspaces"];
  const auto& list = w.is_object() && w.contains("packages") ? w["packages"] : w;
  std::vector<std::string> out;
  if (list.is_array())
    for (const auto& g : list)
      if (g.is_string()) out.push_back(g.get<std::string>());
  return out;
}

// The folder npm must run in for the package.json in `dir` ("" = root).
std::string npm_dir_for(const std::string& dir, const std::vector<std::string>& globs) {
  if (dir.empty()) return "";
  for (const auto& g : globs) {
    std::string pattern = g.starts_with("./") ? g.substr(2) : g;
    while (!pattern.empty() && pattern.back() == '/') pattern.pop_back();
    if (glob_match(pattern, dir)) return "";
  }
  return dir;
}

void plan_npm(const WritePlan& plan, const ToolProbe& probe, InstallPlan& out) {
  auto globs = workspace_globs(text_after(plan, "package.json"));
  std::vector<std::string> dirs;
  for (const auto& f : plan.files()) {
    if (base_name(f.path) != "package.json") continue;
    std::string dir = npm_dir_for(parent_of(f.path), globs);
    std::error_code ec;
    bool installed = fs::is_directory(plan.root() / dir / "node_modules", ec);
    if ((written(f) || !installed) && std::find(dirs.begin(), dirs.end(), dir) == dirs.end())
      dirs.push_back(dir);
  }
  if (dirs.empty()) return;
  if (!probe.has_program("npm")) {
    out.missing.push_back({"npm", "npm"});
    return;
  }
  std::sort(dirs.begin(), dirs.end());  // the root first, then by folder
  for (const auto& dir : dirs)
    out.steps.push_back({dir.empty() ? "npm packages" : "npm packages (" + dir + ")",
                         plan.root() / dir,
                         {{"npm", "install", "--no-audit", "--no-fund", "--loglevel=error"}},
                         "",
                         "",
                         ""});
}

void plan_venv(const WritePlan& plan, const ToolProbe& probe, InstallPlan& out) {
  const PlannedFile* req = find_planned(plan, k_python_requirements);
  if (!req) return;
  std::string wanted = text_after(plan, k_python_requirements);
  // pip too: a venv whose ensurepip failed has a python but no pip, and
  // making it again repairs it.
  std::error_code ec;
  bool has_venv = fs::exists(plan.root() / k_venv_dir / "bin/python", ec) &&
                  fs::exists(plan.root() / k_venv_dir / "bin/pip", ec);
  auto stamp = read_file(plan.root() / k_venv_stamp);
  if (!written(*req) && has_venv && stamp && *stamp == wanted) return;
  InstallStep step{"Python tools (.venv)",
                   plan.root(),
                   {},
                   k_venv_stamp,
                   wanted,
                   "on Debian, venv needs: sudo apt-get install -y python3-venv"};
  if (!has_venv) {
    if (!probe.has_program("python3")) {
      out.missing.push_back({"python3", "python3-venv"});
      return;
    }
    step.commands.push_back({"python3", "-m", "venv", k_venv_dir});
  }
  step.commands.push_back({std::string(k_venv_dir) + "/bin/python", "-m", "pip", "install",
                           "--quiet", "--disable-pip-version-check", "-r", k_python_requirements});
  out.steps.push_back(std::move(step));
}

// A project with its own requirements.txt (a model project) gets its own
// .venv beside it, stamped like the root one. A "# strata:system-site-packages"
// line asks for a venv made by Debian's /usr/bin/python3 that sees the
// system's packages (python3-torch, which PyPI ships as a 5 GB install).
void plan_project_venv(const WritePlan& plan, const ToolProbe& probe, const std::string& path,
                       InstallPlan& out) {
  std::string dir = parent_of(path);
  std::string wanted = text_after(plan, path);
  const PlannedFile* req = find_planned(plan, path);
  std::error_code ec;
  fs::path venv = plan.root() / dir / k_venv_dir;
  bool has_venv = fs::exists(venv / "bin/python", ec) && fs::exists(venv / "bin/pip", ec);
  std::string stamp_path = dir + "/" + k_venv_dir + "/strata-requirements.txt";
  auto stamp = read_file(plan.root() / stamp_path);
  if (!written(*req) && has_venv && stamp && *stamp == wanted) return;
  bool system = wanted.find("# strata:system-site-packages") != std::string::npos;
  InstallStep step{"Python environment (" + dir + "/.venv)",
                   plan.root() / dir,
                   {},
                   stamp_path,
                   wanted,
                   "on Debian, venv needs: sudo apt-get install -y python3-venv"};
  if (!has_venv) {
    std::string python = system ? "/usr/bin/python3" : "python3";
    if (!probe.has_program(system ? "/usr/bin/python3" : "python3")) {
      out.missing.push_back({python, "python3-venv"});
      return;
    }
    std::vector<std::string> make{python, "-m", "venv"};
    if (system) make.push_back("--system-site-packages");
    make.push_back(k_venv_dir);
    step.commands.push_back(std::move(make));
  }
  step.commands.push_back({std::string(k_venv_dir) + "/bin/python", "-m", "pip", "install",
                           "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"});
  out.steps.push_back(std::move(step));
}

void plan_project_venvs(const WritePlan& plan, const ToolProbe& probe, InstallPlan& out) {
  for (const auto& f : plan.files())
    if (base_name(f.path) == "requirements.txt" && !parent_of(f.path).empty())
      plan_project_venv(plan, probe, f.path, out);
}

// What a CMake file asks for, found by what it names.
struct CppNeed {
  std::string_view needle;  // "" = any CMake file
  std::string_view header;  // checked when not empty, else `program`
  std::string_view program;
  std::string_view what;
  std::string_view package;
};

constexpr CppNeed k_cpp_needs[] = {
    {"", "", "cmake", "cmake", "cmake"},
    {"", "", "c++", "a C++ compiler (c++)", "g++"},
    {"", "", "make", "make", "make"},
    {"GTest", "gtest/gtest.h", "", "GoogleTest (gtest/gtest.h)", "libgtest-dev"},
    {"SQLite3", "sqlite3.h", "", "SQLite (sqlite3.h)", "libsqlite3-dev"},
    {"nlohmann_json", "nlohmann/json.hpp", "", "nlohmann-json (nlohmann/json.hpp)",
     "nlohmann-json3-dev"},
    // What the services `strata split` generates for C++ contexts serve and sign with.
    {"cpp-httplib", "httplib.h", "", "cpp-httplib (httplib.h)", "libcpp-httplib-dev"},
    {"OpenSSL", "openssl/hmac.h", "", "OpenSSL (openssl/hmac.h)", "libssl-dev"},
    {"PkgConfig", "", "pkg-config", "pkg-config", "pkg-config"},
    // A grpc-split C++ service compiles its .proto with protoc + grpc_cpp_plugin at build time.
    {"gRPC", "grpcpp/grpcpp.h", "", "gRPC C++ (grpcpp/grpcpp.h)", "libgrpc++-dev"},
    {"gRPC", "google/protobuf/message.h", "", "Protocol Buffers (google/protobuf/message.h)",
     "libprotobuf-dev"},
    {"gRPC", "", "protoc", "protoc", "protobuf-compiler"},
    {"gRPC", "", "grpc_cpp_plugin", "grpc_cpp_plugin", "protobuf-compiler-grpc"},
    // Every split C++ service links Debian's librdkafka C++ API (rdkafka++) for its events.
    {"rdkafka", "librdkafka/rdkafkacpp.h", "", "librdkafka C++ (librdkafka/rdkafkacpp.h)",
     "librdkafka-dev"},
};

bool is_cmake_file(std::string_view path) {
  return base_name(path) == "CMakeLists.txt" || path.ends_with(".cmake");
}

void check_cpp(const WritePlan& plan, const ToolProbe& probe, InstallPlan& out) {
  std::string cmake_text;
  bool any = false;
  for (const auto& f : plan.files())
    if (is_cmake_file(f.path)) {
      any = true;
      cmake_text += text_after(plan, f.path);
    }
  if (!any) return;
  auto missing = missing_cpp_tools(cmake_text, probe);
  out.missing.insert(out.missing.end(), missing.begin(), missing.end());
}

bool executable_in(const fs::path& dir, std::string_view name) {
  return ::access((dir / name).c_str(), X_OK) == 0;
}

std::vector<fs::path> split_paths(const char* value) {
  std::vector<fs::path> out;
  std::string_view rest = value ? value : "";
  while (!rest.empty()) {
    size_t colon = rest.find(':');
    std::string_view item = rest.substr(0, colon);
    if (!item.empty()) out.emplace_back(item);
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return out;
}

std::string shell_quoted(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t'\"$&|;<>()*?\\`") == std::string::npos) return arg;
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<MissingTool> missing_cpp_tools(std::string_view cmake_text, const ToolProbe& probe) {
  std::vector<MissingTool> out;
  for (const auto& need : k_cpp_needs) {
    if (!need.needle.empty() && cmake_text.find(need.needle) == std::string::npos) continue;
    bool found =
        need.header.empty() ? probe.has_program(need.program) : probe.has_header(need.header);
    if (!found) out.push_back({std::string(need.what), std::string(need.package)});
  }
  return out;
}

bool SystemToolProbe::has_program(std::string_view name) const {
  for (const auto& dir : split_paths(std::getenv("PATH")))
    if (executable_in(dir, name)) return true;
  return false;
}

bool SystemToolProbe::has_header(std::string_view relative) const {
  std::vector<fs::path> dirs = split_paths(std::getenv("CPATH"));
  dirs.insert(dirs.end(), {"/usr/local/include", "/usr/include"});
  std::error_code ec;
  return std::any_of(dirs.begin(), dirs.end(),
                     [&](const fs::path& d) { return fs::exists(d / relative, ec); });
}

InstallPlan plan_installs(const WritePlan& plan, const ToolProbe& probe) {
  InstallPlan out;
  plan_npm(plan, probe, out);
  plan_venv(plan, probe, out);
  plan_project_venvs(plan, probe, out);
  check_cpp(plan, probe, out);
  return out;
}

std::string shell_line(const InstallStep& step) {
  std::string dir = step.cwd.lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  std::string line = "cd " + shell_quoted(dir);
  for (const auto& command : step.commands) {
    line += " &&";
    for (const auto& arg : command) line += " " + shell_quoted(arg);
  }
  return line;
}

}  // namespace strata::gen
