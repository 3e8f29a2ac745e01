#include "remote/http_transport.h"

#include <httplib.h>

#include <algorithm>

#include "remote/remote_store.h"
#include "util/diagnostics.h"

namespace strata::remote {

namespace {
constexpr uint64_t k_max_error_page_bytes = 1 << 20;

std::string transport_error(const httplib::Result& r) {
  if (r) return "HTTP " + std::to_string(r->status);
  switch (r.error()) {
    case httplib::Error::Connection:
      return "cannot connect";
    case httplib::Error::ConnectionTimeout:
      return "connect timed out";
    case httplib::Error::Read:
      return "no answer in time, or the connection was lost";
    case httplib::Error::Write:
      return "the connection was lost while sending";
    case httplib::Error::SSLConnection:
      return "TLS handshake failed";
    case httplib::Error::SSLServerVerification:
      return "the server's TLS certificate is not trusted";
    default:
      return "HTTP client error " + httplib::to_string(r.error());
  }
}
}  // namespace

HttpTransport::HttpTransport(const RemoteUrl& url, const RemoteSettings& settings)
    : m_url(url), m_token(settings.token), m_timeout_ms(settings.timeout_ms) {
  m_get_client = make_client();
  m_put_client = make_client();
}

HttpTransport::~HttpTransport() = default;

std::unique_ptr<httplib::Client> HttpTransport::make_client() const {
  auto c = std::make_unique<httplib::Client>(m_url.scheme + "://" + m_url.host + ":" +
                                             std::to_string(m_url.port));
  time_t sec = m_timeout_ms / 1000;
  time_t usec = (m_timeout_ms % 1000) * 1000;
  c->set_connection_timeout(sec, usec);
  c->set_read_timeout(sec, usec);
  c->set_write_timeout(sec, usec);
  c->set_keep_alive(true);
  if (!m_url.user.empty()) c->set_basic_auth(m_url.user, m_url.password);
  if (!m_token.empty()) c->set_bearer_token_auth(m_token);
  return c;
}

Result<std::optional<std::string>> HttpTransport::get(const std::string& path, uint64_t max_bytes) {
  std::lock_guard lock(m_get_mutex);
  int status = 0;
  bool too_long = false;
  std::string body;
  uint64_t other_bytes = 0;  // the body of a 404 or an error page, read and dropped
  auto r = m_get_client->Get(
      m_url.base_path + "/" + path,
      [&](const httplib::Response& res) {
        status = res.status;
        return true;  // reading the rest keeps the connection for the next request
      },
      [&](const char* data, size_t n) {
        if (status != 200) return (other_bytes += n) <= k_max_error_page_bytes;
        size_t room = static_cast<size_t>(std::min<uint64_t>(max_bytes + 1 - body.size(), n));
        body.append(data, room);
        too_long = body.size() > max_bytes;
        return !too_long;
      });
  if (status == 404) return std::optional<std::string>();
  if (status == 200 && (r || too_long)) return std::optional<std::string>(std::move(body));
  if (status != 0 && status != 200) return Error("HTTP " + std::to_string(status));
  return Error(transport_error(r));
}

Status HttpTransport::put(const std::string& path, std::string_view body) {
  std::lock_guard lock(m_put_mutex);
  auto r = m_put_client->Put(m_url.base_path + "/" + path, body.data(), body.size(),
                             "application/octet-stream");
  if (!r || r->status < 200 || r->status >= 300) return Error(transport_error(r));
  return ok_status();
}

}  // namespace strata::remote
