// Each language's recipe follows its own best practice:
// - Python: dependencies (vendored wheels, or pip in the build stage) and
//   the projects' source roots are byte-compiled in the build stage with
//   unchecked hashes, so a read-only root filesystem never needs a write;
//   the final stage is the shell-less runtime base with python3.
// - Node: the context holds the workspace's packages pruned to production
//   ones (by the host's npm, offline) and the projects' compiled dist/; the
//   build stage checks the entry script; the final stage runs node on it.
// - C++: the build stage builds the service's projects in dependency order
//   and the service's executable; the final stage is FROM scratch with that
//   executable and the shared libraries it loads (Debian ships cpp-httplib
//   as a shared library only, so it cannot be linked statically), and it
//   answers its own health probe (`--health-probe URL`), since scratch has
//   nothing else to probe with.

#include "container/dockerfile.h"

namespace strata::container {

namespace {

std::string user_line(const ImageSettings& s) {
  std::string uid = std::to_string(s.uid);
  return "USER " + uid + ":" + uid + "\n";
}

std::string healthcheck(const std::string& exec_form) {
  return "HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \\\n  CMD " +
         exec_form + "\n";
}

std::string health_url(const ImageSpec& spec, const ImageSettings& s) {
  return "http://127.0.0.1:" + std::to_string(s.port) + spec.health_path;
}

std::string copy_dirs(const ImageSpec& spec, const std::string& to) {
  std::string out;
  for (const auto& dir : spec.copy_dirs) out += "COPY " + dir + "/ " + to + "/" + dir + "/\n";
  return out;
}

std::string python_path(const ImageSpec& spec) {
  std::string out = "/app/deps";
  for (const auto& dir : spec.copy_dirs) out += ":/app/" + dir;
  return out;
}

std::string python_dockerfile(const ImageSpec& spec, const ImageSettings& s) {
  const BaseImages& base = s.base("python");
  std::string port = std::to_string(s.port);
  std::string out = "FROM " + base.build + " AS build\nWORKDIR /app\n";
  if (s.python_dependencies == "pip") {
    out += "COPY requirements.txt /app/requirements.txt\n";
    out +=
        "RUN python3 -m pip install --no-cache-dir --no-compile --target /app/deps \\\n"
        "    -r /app/requirements.txt\n";
  } else {
    out += "# Wheels the host's pip installed into the context (no registry in the build).\n";
    out += "COPY deps/ /app/deps/\n";
  }
  out += copy_dirs(spec, "/app");
  out += "# Byte-compiled here, checked by hash: nothing is written at run time.\n";
  out += "RUN python3 -m compileall -q --invalidation-mode unchecked-hash /app\n\n";
  out += "FROM " + base.runtime + "\n";
  out += "COPY --from=build /app /app\n";
  out += "WORKDIR /app\n";
  out += "ENV PYTHONPATH=" + python_path(spec) +
         " \\\n    PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1 \\\n    HOST=0.0.0.0 \\\n"
         "    PORT=" +
         port + "\n";
  out += user_line(s);
  out += "EXPOSE " + port + "\n";
  out += healthcheck(
      "[\"python3\", \"-c\", \"import sys, urllib.request; "
      "sys.exit(urllib.request.urlopen('" +
      health_url(spec, s) + "', timeout=2).status != 200)\"]");
  out += "ENTRYPOINT [\"python3\", \"-m\", \"" + spec.entry + "\"]\n";
  return out;
}

std::string node_dockerfile(const ImageSpec& spec, const ImageSettings& s) {
  const BaseImages& base = s.base("node");
  std::string port = std::to_string(s.port);
  std::string out = "FROM " + base.build + " AS build\nWORKDIR /app\n";
  out += "COPY package.json package-lock.json* /app/\n";
  out += "# The workspace's installed packages, pruned to production ones on the host.\n";
  out += "COPY node_modules/ /app/node_modules/\n";
  out += copy_dirs(spec, "/app");
  out += "RUN node --check /app/" + spec.entry + "\n\n";
  out += "FROM " + base.runtime + "\n";
  out += "COPY --from=build /app /app\n";
  out += "WORKDIR /app\n";
  out += "ENV NODE_ENV=production \\\n    HOST=0.0.0.0 \\\n    PORT=" + port + "\n";
  out += user_line(s);
  out += "EXPOSE " + port + "\n";
  out += healthcheck("[\"node\", \"-e\", \"fetch('" + health_url(spec, s) +
                     "').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))\"]");
  out += "ENTRYPOINT [\"node\", \"/app/" + spec.entry + "\"]\n";
  return out;
}

// `cmake -S DIR -B BUILD` and its build, as the project's build target runs them.
std::string cmake_step(const std::string& dir, const std::string& build,
                       const std::string& target) {
  return "cmake -S /src/" + dir + " -B " + build +
         " -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF" + " \\\n && cmake --build " + build +
         (target.empty() ? "" : " --target " + target) + " \\\n && ";
}

std::string cpp_dockerfile(const ImageSpec& spec, const ImageSettings& s) {
  const BaseImages& base = s.base("cpp");
  std::string port = std::to_string(s.port);
  std::string out = "FROM " + base.build + " AS build\nWORKDIR /src\n";
  out += "COPY CMakeLists.txt* topology.json* /src/\n";
  out += "COPY cmake/ /src/cmake/\n";
  out += copy_dirs(spec, "/src");
  out +=
      "# Each project after those it depends on (each finds the others' build/ trees);\n"
      "# then the service's executable and the shared libraries it loads (and the\n"
      "# loader), copied at their own paths.\nRUN ";
  for (const auto& dir : spec.build_order) out += cmake_step(dir, "/src/" + dir + "/build", "");
  out += cmake_step(spec.service_root, "/build", spec.entry);
  out += "mkdir -p /out/root && find /build -type f -name " + spec.entry +
         " -perm -u+x -exec cp {} /out/root/service \\; \\\n && strip /out/root/service \\\n"
         " && ldd /out/root/service | grep -o '/[^ ]*' | sort -u \\\n"
         "    | xargs -I{} cp --parents -L {} /out/root/\n\n";
  out += "FROM " + base.runtime + "\n";
  out += "COPY --from=build /out/root/ /\n";
  out += "ENV HOST=0.0.0.0 \\\n    PORT=" + port + "\n";
  out += user_line(s);
  out += "EXPOSE " + port + "\n";
  out += healthcheck("[\"/service\", \"--health-probe\", \"" + health_url(spec, s) + "\"]");
  out += "ENTRYPOINT [\"/service\"]\n";
  return out;
}

}  // namespace

std::string render_dockerfile(const ImageSpec& spec, const ImageSettings& settings,
                              const std::string& header) {
  std::string out = header;
  out += "# The " + spec.service +
         " image, rendered by `strata image build` from the project graph\n"
         "# and strata.json \"images\" (docs/containers.md): edit those, not this file.\n\n";
  if (spec.language == "python") return out + python_dockerfile(spec, settings);
  if (spec.language == "node") return out + node_dockerfile(spec, settings);
  return out + cpp_dockerfile(spec, settings);
}

const std::vector<std::string>& ignored_dir_names() {
  static const std::vector<std::string> names = {
      ".git",        ".strata", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache",
      ".ruff_cache", "tests",   "test",  "coverage",    ".nx",           "build-tests"};
  return names;
}

const std::vector<std::string>& ignored_file_suffixes() {
  static const std::vector<std::string> suffixes = {
      ".pyc",     ".env",     ".pem",     ".key",     ".log",
      ".test.ts", ".spec.ts", ".test.js", ".spec.js", ".tsbuildinfo"};
  return suffixes;
}

std::string render_dockerignore(const std::string& language) {
  std::string out =
      "# Rendered by `strata image build`: what never goes into an image (tool\n"
      "# state, tests, caches, keys and environment files).\n";
  for (const auto& dir : ignored_dir_names()) out += "**/" + dir + "\n";
  for (const auto& suffix : ignored_file_suffixes()) out += "**/*" + suffix + "\n";
  out += "**/.env.*\n";  // .env.local, .env.production (build_context.cc leaves them out too)
  // A node image takes the workspace's installed packages (pruned in its
  // build stage); the context builder copies no project's own node_modules.
  if (language != "node") out += "**/node_modules\n";
  // A C++ project's build tree names the host's paths; the image builds its own.
  if (language == "cpp") out += "**/build\n";
  return out;
}

}  // namespace strata::container
