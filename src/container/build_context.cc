// A context is rebuilt from scratch each time it is assembled, so nothing a
// previous build left (a removed module, a stale wheel) can reach an image.

#include "container/build_context.h"

#include <algorithm>

#include "container/dockerfile.h"
#include "util/fs.h"
#include "util/hash.h"

namespace strata::container {

namespace fs = std::filesystem;

namespace {

// `cpp`: a C++ project's build/ tree names the host's paths; the image
// builds its own.
bool ignored_name(const std::string& name, bool is_dir, bool cpp) {
  if (is_dir) {
    const auto& dirs = ignored_dir_names();
    return name == "node_modules" || (cpp && name == "build") ||
           std::find(dirs.begin(), dirs.end(), name) != dirs.end();
  }
  for (const auto& suffix : ignored_file_suffixes())
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return true;
  // .env.local, .env.production: the same secrets as .env.
  return name == ".env" || name.starts_with(".env.");
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

Status write(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  return write_atomic(path, text);
}

Status copy_tree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  // Symlinks stay links: npm workspaces link their packages into
  // node_modules relative to the root, and the image has the same layout.
  fs::copy(from, to,
           fs::copy_options::recursive | fs::copy_options::overwrite_existing |
               fs::copy_options::copy_symlinks,
           ec);
  if (ec) return Error("cannot copy " + from.string() + ": " + ec.message()).of(ErrorKind::k_io);
  return ok_status();
}

// The wheels for `requirements`, installed once per requirements and
// platform into .strata/images/python-deps/HASH.
Result<fs::path> vendored_deps(const fs::path& root, const std::string& requirements,
                               const ImageSettings& s, ToolRunner& runner) {
  std::string key =
      hash_bytes(requirements + "\n" + s.python_version + "\nmanylinux-x86_64\n").hex();
  fs::path dir = root / ".strata" / "images" / "python-deps" / key;
  std::error_code ec;
  if (fs::exists(dir / ".complete", ec)) return dir;
  fs::path staging = dir.string() + ".tmp";
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (auto st = write(staging / "requirements.txt", requirements); !st) return st.error();
  auto out = runner.capture(
      pip_vendor_argv((staging / "requirements.txt").string(), (staging / "site").string(), s));
  if (!out) return out.error();
  if (out->exit_code != 0) {
    std::string err = out->err.empty() ? out->out : out->err;
    while (!err.empty() && err.back() == '\n') err.pop_back();
    err = err.substr(err.rfind('\n') == std::string::npos ? 0 : err.rfind('\n') + 1);
    return Error("pip could not vendor the image's Python requirements: " + err, SourceLoc{},
                 "check that PyPI (or your index) is reachable, or set strata.json "
                 "images.pythonDependencies to \"pip\" to install them in the build stage")
        .of(ErrorKind::k_unavailable);
  }
  if (auto st = write(staging / ".complete", ""); !st) return st.error();
  fs::remove_all(dir, ec);
  fs::rename(staging, dir, ec);
  if (ec) return Error("cannot store vendored wheels in " + dir.string() + ": " + ec.message());
  return dir;
}

Status add_python(const fs::path& root, const ImageSpec& spec, const ImageSettings& s,
                  const fs::path& dir, ToolRunner& runner) {
  std::string requirements = join_lines(spec.requirements);
  if (auto st = write(dir / "requirements.txt", requirements); !st) return st;
  if (s.python_dependencies != "vendor") return ok_status();
  std::error_code ec;
  fs::create_directories(dir / "deps", ec);
  if (spec.requirements.empty()) return write(dir / "deps" / ".keep", "");
  auto deps = vendored_deps(root, requirements, s, runner);
  if (!deps) return deps.error();
  return copy_tree(*deps / "site", dir / "deps");
}

// The workspace's installed packages, pruned to production ones by the
// host's npm (offline): Debian's nodejs in the base image has no npm.
Status add_node(const fs::path& root, const fs::path& dir, ToolRunner& runner) {
  std::error_code ec;
  for (const char* f : {"package.json", "package-lock.json"})
    if (fs::exists(root / f, ec)) fs::copy_file(root / f, dir / f, ec);
  fs::create_directories(dir / "node_modules", ec);
  if (!fs::exists(root / "node_modules", ec)) return ok_status();
  if (auto st = copy_tree(root / "node_modules", dir / "node_modules"); !st) return st;
  auto out = runner.capture({"npm", "prune", "--omit=dev", "--ignore-scripts", "--offline",
                             "--no-audit", "--no-fund", "--prefix", dir.string()});
  if (!out) return out.error();
  if (out->exit_code != 0)
    return Error(
               "npm prune failed in the image context: " + out->err.substr(0, out->err.find('\n')),
               SourceLoc{"package.json"}, "run npm install in the workspace first")
        .of(ErrorKind::k_unavailable);
  return ok_status();
}

}  // namespace

fs::path context_dir(const fs::path& root, const std::string& service) {
  return root / ".strata" / "images" / service / "context";
}

std::vector<std::string> pip_vendor_argv(const std::string& requirements, const std::string& target,
                                         const ImageSettings& s) {
  std::vector<std::string> argv = {"python3",
                                   "-m",
                                   "pip",
                                   "install",
                                   "--quiet",
                                   "--disable-pip-version-check",
                                   "--no-compile",
                                   "--only-binary=:all:",
                                   "--implementation",
                                   "cp",
                                   "--python-version",
                                   s.python_version,
                                   "--target",
                                   target};
  // The runtime base's glibc (Debian bookworm: 2.36) runs every manylinux
  // wheel up to it; pip takes the tags as given, so each is named.
  for (const char* p : {"manylinux2014_x86_64", "manylinux_2_28_x86_64", "manylinux_2_34_x86_64",
                        "manylinux_2_36_x86_64"})
    argv.insert(argv.end(), {"--platform", p});
  argv.insert(argv.end(), {"-r", requirements});
  return argv;
}

Result<size_t> copy_filtered(const fs::path& from, const fs::path& to, bool cpp) {
  std::error_code ec;
  size_t copied = 0;
  fs::create_directories(to, ec);
  fs::recursive_directory_iterator it(from, ec), end;
  if (ec) return Error("cannot read " + from.string() + ": " + ec.message()).of(ErrorKind::k_io);
  for (; it != end; it.increment(ec)) {
    if (ec) return Error("cannot read " + from.string() + ": " + ec.message()).of(ErrorKind::k_io);
    const fs::path& p = it->path();
    bool is_dir = it->is_directory(ec);
    if (ignored_name(p.filename().string(), is_dir, cpp)) {
      if (is_dir) it.disable_recursion_pending();
      continue;
    }
    fs::path dest = to / fs::relative(p, from, ec);
    if (is_dir) {
      fs::create_directories(dest, ec);
    } else if (it->is_regular_file(ec)) {
      fs::copy_file(p, dest, fs::copy_options::overwrite_existing, ec);
      if (ec) return Error("cannot copy " + p.string() + ": " + ec.message()).of(ErrorKind::k_io);
      ++copied;
    }
  }
  return copied;
}

namespace {

// The workspace's CMake helpers (cmake/, which the layers include) and
// topology.json (an input of the generated files the freshness check
// hashes), beside the root CMakeLists.txt.
Status add_cpp(const fs::path& root, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir / "cmake", ec);
  if (fs::is_directory(root / "cmake", ec))
    if (auto n = copy_filtered(root / "cmake", dir / "cmake", true); !n) return n.error();
  for (const char* name : {"CMakeLists.txt", "topology.json"})
    if (fs::exists(root / name, ec)) {
      fs::copy_file(root / name, dir / name, fs::copy_options::overwrite_existing, ec);
      if (ec)
        return Error("cannot copy " + (root / name).string() + ": " + ec.message())
            .of(ErrorKind::k_io);
    }
  return ok_status();
}

}  // namespace

Status assemble_context(const fs::path& root, const ImageSpec& spec, const ImageSettings& settings,
                        const ContextFiles& files, const fs::path& dir, ToolRunner& runner) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return Error("cannot create " + dir.string() + ": " + ec.message()).of(ErrorKind::k_io);
  bool cpp = spec.language == "cpp";
  for (const auto& sub : spec.copy_dirs)
    if (auto n = copy_filtered(root / sub, dir / sub, cpp); !n) return n.error();
  if (auto st = write(dir / "Dockerfile", files.dockerfile); !st) return st;
  if (auto st = write(dir / ".dockerignore", files.dockerignore); !st) return st;
  if (spec.language == "python") return add_python(root, spec, settings, dir, runner);
  if (spec.language == "node") return add_node(root, dir, runner);
  return add_cpp(root, dir);
}

}  // namespace strata::container
