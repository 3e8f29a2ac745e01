#include "remote/remote_connection.h"

#include "remote/remote_store.h"
#include "util/diagnostics.h"
#include "util/plugin.h"

namespace strata::remote {

using MakeTransport = void (*)(const RemoteUrl*, const RemoteSettings*,
                               std::unique_ptr<RemoteTransport>*);

Result<std::unique_ptr<RemoteTransport>> load_http_transport(const RemoteUrl& url,
                                                             const RemoteSettings& settings) {
  auto plugin = load_plugin("remote-http");
  if (!plugin) return plugin.error();
  auto make = plugin->entry<MakeTransport>("strata_plugin_http_transport");
  if (!make) return make.error();
  std::unique_ptr<RemoteTransport> transport;
  (*make)(&url, &settings, &transport);
  return transport;
}

Result<std::unique_ptr<RemoteStore>> open_remote_store(const std::filesystem::path& root,
                                                       const std::string& config_file) {
  auto settings = resolve_remote_settings(root, config_file);
  if (!settings) return settings.error();
  if (!settings->enabled()) return std::unique_ptr<RemoteStore>();
  auto url = parse_remote_url(settings->url);
  if (!url) return url.error();
  auto transport = load_http_transport(*url, *settings);
  if (!transport) return transport.error();
  RemoteOptions options;
  options.display_url = redacted_url(settings->url);
  options.read_only = settings->read_only;
  options.key = settings->key;
  if (options.key.empty())
    print_warning(Error(
        "remote cache entries are not authenticated: STRATA_REMOTE_CACHE_KEY is not set", {},
        "set the same secret key on every machine that reads or writes " + options.display_url));
  return std::make_unique<RemoteStore>(std::move(*transport), std::move(options));
}

}  // namespace strata::remote
