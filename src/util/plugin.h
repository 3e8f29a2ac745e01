#pragma once
// Plugins: parts of Strata that need heavy shared libraries (libpq with
// Kerberos and LDAP, FAISS with BLAS and LAPACK, OpenSSL's TLS, ...) are
// built as shared modules, `strata-<name>.so`, and loaded with dlopen only
// by the command or adapter that needs them. Every other command then
// starts with the few libraries the workspace engine uses (ARCHITECTURE.md,
// "Plugins"; `strata graph` loads none of the heavy ones, which
// tests/e2e/test_process_start.sh checks).
//
// A plugin is found, in order, in $STRATA_PLUGIN_PATH (a directory), beside
// the running binary (the build tree), and in <binary's dir>/../lib/strata
// (an installed tree). It exports C functions named in its own header; the
// module and the binary come from one build, so the C++ types those
// functions take and return are the same on both sides.

#include <string>
#include <string_view>

#include "util/result.h"

namespace strata {

// A loaded plugin. Modules stay loaded until the process exits: code and
// objects they created may live as long as the process.
class Plugin {
 public:
  // The exported symbol `symbol` as a pointer of type T (a function
  // pointer), or an error naming the plugin.
  template <typename T>
  Result<T> entry(const char* symbol) const {
    auto p = raw_entry(symbol);
    if (!p) return p.error();
    return reinterpret_cast<T>(*p);
  }

  const std::string& path() const { return m_path; }
  const std::string& name() const { return m_name; }

 private:
  friend Result<Plugin> load_plugin(std::string_view name);
  Plugin(void* handle, std::string name, std::string path)
      : m_handle(handle), m_name(std::move(name)), m_path(std::move(path)) {}
  Result<void*> raw_entry(const char* symbol) const;

  void* m_handle = nullptr;
  std::string m_name, m_path;
};

// Loads `strata-<name>.so` (once per process; later calls return the same
// module). The error says where it looked and why loading failed.
Result<Plugin> load_plugin(std::string_view name);

}  // namespace strata
