// The "remote-http" plugin's entry point (util/plugin.h): an HttpTransport
// for the binary's remote store (remote/remote_connection.cc).

#include <memory>

#include "remote/http_transport.h"

extern "C" __attribute__((visibility("default"))) void strata_plugin_http_transport(
    const strata::remote::RemoteUrl* url, const strata::remote::RemoteSettings* settings,
    std::unique_ptr<strata::remote::RemoteTransport>* out) {
  *out = std::make_unique<strata::remote::HttpTransport>(*url, *settings);
}
