// The CA and client certificate come from the kubeconfig as PEM text, so
// they are parsed with OpenSSL into the objects cpp-httplib's SSLClient
// takes (no temporary files holding a private key). SSLClient verifies the
// server's certificate and host name against that CA.

#include "cluster/https_transport.h"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace strata::cluster {

Result<Endpoint> parse_server(const std::string& server) {
  Endpoint e;
  std::string rest;
  if (server.starts_with("https://")) {
    rest = server.substr(8);
  } else if (server.starts_with("http://")) {
    e.tls = false;
    e.port = 80;
    rest = server.substr(7);
  } else {
    return Error("the cluster's server '" + server + "' is not an http(s) URL");
  }
  auto slash = rest.find('/');
  if (slash != std::string::npos) {
    e.prefix = rest.substr(slash);
    rest.resize(slash);
  }
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find(']', colon) == std::string::npos) {
    e.port = std::atoi(rest.c_str() + colon + 1);
    rest.resize(colon);
  }
  if (rest.starts_with("[") && rest.ends_with("]")) rest = rest.substr(1, rest.size() - 2);
  if (rest.empty() || e.port <= 0)
    return Error("the cluster's server '" + server + "' has no host");
  e.host = rest;
  return e;
}

namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

Bio pem_bio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
}

// Every certificate in `pem`, in a new store.
Result<X509_STORE*> ca_store(const std::string& pem) {
  X509_STORE* store = X509_STORE_new();
  Bio bio = pem_bio(pem);
  int added = 0;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    added += X509_STORE_add_cert(store, cert) == 1;
    X509_free(cert);
  }
  if (added == 0) {
    X509_STORE_free(store);
    return Error("the kubeconfig's certificate-authority holds no PEM certificate");
  }
  return store;
}

std::string transport_error(httplib::Error e) {
  switch (e) {
    case httplib::Error::Connection:
      return "cannot connect";
    case httplib::Error::ConnectionTimeout:
      return "connect timed out";
    case httplib::Error::Read:
      return "no answer in time, or the connection was lost";
    case httplib::Error::SSLConnection:
      return "TLS handshake failed";
    case httplib::Error::SSLServerVerification:
      return "the server's TLS certificate is not trusted by the kubeconfig's CA";
    default:
      return "HTTP client error " + httplib::to_string(e);
  }
}

httplib::Headers headers_of(const ApiRequest&) { return {{"Accept", "application/json"}}; }

}  // namespace

HttpsTransport::HttpsTransport(KubeConfig config, int timeout_ms)
    : m_config(std::move(config)), m_timeout_ms(timeout_ms) {}

HttpsTransport::~HttpsTransport() = default;

Result<std::unique_ptr<HttpsTransport>> HttpsTransport::open(const KubeConfig& config,
                                                             int timeout_ms) {
  auto t = std::unique_ptr<HttpsTransport>(new HttpsTransport(config, timeout_ms));
  auto ep = parse_server(config.server);
  if (!ep) return ep.error();
  t->m_prefix = ep->prefix;
  auto client = t->make_client(false);
  if (!client) return client.error();
  {
    MutexLock lock(t->m_mutex);
    t->m_client = std::move(*client);
  }
  return t;
}

Result<std::unique_ptr<httplib::ClientImpl>> HttpsTransport::make_client(bool streaming) const {
  auto ep = parse_server(m_config.server);
  if (!ep) return ep.error();
  std::unique_ptr<httplib::ClientImpl> c;
  if (!ep->tls) {
    c = std::make_unique<httplib::ClientImpl>(ep->host, ep->port);
  } else {
    auto ssl = make_ssl_client(*ep);
    if (!ssl) return ssl.error();
    c = std::move(*ssl);
  }
  if (!m_config.token.empty()) c->set_bearer_token_auth(m_config.token);
  time_t sec = m_timeout_ms / 1000, usec = (m_timeout_ms % 1000) * 1000;
  c->set_connection_timeout(sec, usec);
  c->set_write_timeout(sec, usec);
  // A followed log may stay quiet for long: its read has no deadline.
  if (streaming)
    c->set_read_timeout(24 * 3600, 0);
  else
    c->set_read_timeout(sec, usec);
  c->set_keep_alive(!streaming);
  return c;
}

Result<std::unique_ptr<httplib::SSLClient>> HttpsTransport::make_ssl_client(
    const Endpoint& ep) const {
  std::unique_ptr<httplib::SSLClient> c;
  if (!m_config.client_cert_pem.empty()) {
    // The client certificate is PEM text from the kubeconfig: SSLClient
    // takes it as OpenSSL objects (it keeps its own references).
    Bio cb = pem_bio(m_config.client_cert_pem), kb = pem_bio(m_config.client_key_pem);
    X509* cert = PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr);
    if (cert && key) c = std::make_unique<httplib::SSLClient>(ep.host, ep.port, cert, key);
    X509_free(cert);
    EVP_PKEY_free(key);
    if (!c) return Error("the kubeconfig's client certificate or key is not valid PEM");
  } else {
    c = std::make_unique<httplib::SSLClient>(ep.host, ep.port);
  }
  if (!m_config.ca_pem.empty()) {
    auto store = ca_store(m_config.ca_pem);
    if (!store) return store.error();
    c->set_ca_cert_store(*store);  // the client's TLS context owns it from here
  }
  c->enable_server_certificate_verification(!m_config.insecure);
  return c;
}

Result<ApiReply> HttpsTransport::send(const ApiRequest& r) {
  MutexLock lock(m_mutex);
  std::string path = m_prefix + r.path;
  httplib::Headers h = headers_of(r);
  httplib::Result res(nullptr, httplib::Error::Unknown);
  if (r.method == "GET")
    res = m_client->Get(path, h);
  else if (r.method == "PATCH")
    res = m_client->Patch(path, h, r.body, r.content_type);
  else if (r.method == "PUT")
    res = m_client->Put(path, h, r.body, r.content_type);
  else if (r.method == "POST")
    res = m_client->Post(path, h, r.body, r.content_type);
  else if (r.method == "DELETE")
    res = m_client->Delete(path, h, r.body, r.content_type);
  else
    return Error("unsupported HTTP method " + r.method).of(ErrorKind::k_internal);
  if (!res)
    return Error(m_config.server + ": " + transport_error(res.error()))
        .of(ErrorKind::k_unavailable);
  return ApiReply{res->status, res->body};
}

Status HttpsTransport::stream(const ApiRequest& r,
                              const std::function<bool(std::string_view)>& chunk) {
  auto client = make_client(true);
  if (!client) return client.error();
  int status = 0;
  std::string error_body;
  auto res = (*client)->Get(
      m_prefix + r.path, headers_of(r),
      [&](const httplib::Response& res) {
        status = res.status;
        return true;
      },
      [&](const char* data, size_t n) {
        if (status < 200 || status >= 300) {
          if (error_body.size() < (1 << 16)) error_body.append(data, n);
          return true;
        }
        return chunk(std::string_view(data, n));
      });
  if (status >= 200 && status < 300) return ok_status();  // ended, or the caller stopped
  if (status != 0) return Error("HTTP " + std::to_string(status) + ": " + error_body);
  return Error(m_config.server + ": " + transport_error(res.error())).of(ErrorKind::k_unavailable);
}

}  // namespace strata::cluster
