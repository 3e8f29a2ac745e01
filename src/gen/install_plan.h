#pragma once
// What a generated workspace needs installed before its tasks run, decided
// from a generator's write plan and the disk, the way Nx installs packages
// after a generator changed package.json: npm packages where a generated
// package.json asks for them, a workspace-root .venv with the Python dev
// requirements, and a check that the C++ toolchain (CMake, a compiler,
// GoogleTest, the libraries the CMake files find) is there, since that one
// needs root to install and Strata only names the Debian packages.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gen/write_plan.h"

namespace strata::gen {

// The workspace-root virtualenv tasks find their Python tools in (exec puts
// its bin/ on PATH) and the requirements file Strata writes for it.
inline constexpr const char* k_venv_dir = ".venv";
inline constexpr const char* k_python_requirements = "requirements-dev.txt";
// A copy of the requirements last installed, inside the venv, so a changed
// file installs again and an unchanged one does not.
inline constexpr const char* k_venv_stamp = ".venv/strata-requirements-dev.txt";

// One installation: commands run in order in `cwd`, each with no shell.
struct InstallStep {
  std::string name;  // "npm packages", "Python tools (.venv)"
  std::filesystem::path cwd;
  std::vector<std::vector<std::string>> commands;
  std::string stamp_path;  // relative to the root; written after success when not empty
  std::string stamp_content;
  std::string advice;  // added to the hint when the step fails ("" = none)
};

// A program, header or library the generated code needs and this machine
// lacks, with the Debian package that provides it.
struct MissingTool {
  std::string what;     // "cmake", "GoogleTest (gtest/gtest.h)"
  std::string package;  // "cmake", "libgtest-dev"
};

struct InstallPlan {
  std::vector<InstallStep> steps;
  std::vector<MissingTool> missing;
  bool empty() const { return steps.empty() && missing.empty(); }
};

// Where the planner looks for programs and headers; tests give it a fake.
class ToolProbe {
 public:
  virtual ~ToolProbe() = default;
  virtual bool has_program(std::string_view name) const = 0;
  virtual bool has_header(std::string_view relative) const = 0;
};

// The real machine: PATH for programs; /usr/include, /usr/local/include and
// CPATH for headers.
class SystemToolProbe final : public ToolProbe {
 public:
  bool has_program(std::string_view name) const override;
  bool has_header(std::string_view relative) const override;
};

// Decides the installs for `plan` (applied or not: a dry run plans too).
// npm runs where a planned package.json was written or its packages are not
// installed yet: at the root when the root package.json's "workspaces"
// cover it, else in its own folder. The venv is made when the plan has the
// root requirements file and it was written, the venv is missing, or the
// venv's stamp differs.
InstallPlan plan_installs(const WritePlan& plan, const ToolProbe& probe);

// What CMake files with this text need (CMake, a compiler, GoogleTest and
// the packages they find) that `probe` does not see; `strata generate` and
// `strata split` check it for the C++ projects they write.
std::vector<MissingTool> missing_cpp_tools(std::string_view cmake_text, const ToolProbe& probe);

// "cd /ws/contexts/x && npm install ...": how to run a step by hand.
std::string shell_line(const InstallStep& step);

}  // namespace strata::gen
