#pragma once
// Opening the remote cache the workspace configures: its settings, and the
// HTTP transport from the "remote-http" plugin (util/plugin.h), so a run
// without a remote cache never loads cpp-httplib or OpenSSL's TLS.

#include <filesystem>
#include <memory>
#include <string>

#include "remote/remote_settings.h"
#include "remote/transport.h"
#include "util/result.h"

namespace strata::remote {

class RemoteStore;

// The remote store the workspace configures (remote_settings.h), or null
// when none is. Without STRATA_REMOTE_CACHE_KEY it warns, once, that entries
// are neither signed nor verified.
Result<std::unique_ptr<RemoteStore>> open_remote_store(const std::filesystem::path& root,
                                                       const std::string& config_file);

// An HttpTransport (remote/http_transport.h) made by the loaded plugin.
Result<std::unique_ptr<RemoteTransport>> load_http_transport(const RemoteUrl& url,
                                                             const RemoteSettings& settings);

}  // namespace strata::remote
