// Delivery is at least once: a subscriber that answered 2xx after a lost
// response may see an event twice, so the body carries the event's `seq`
// for it to drop duplicates.

#include "registry/webhooks.h"

#include <httplib.h>

#include <thread>

namespace strata::registry {

namespace {

// "http://host:port/path" -> ("http://host:port", "/path").
std::pair<std::string, std::string> split_url(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) return {url, "/"};
  return {url.substr(0, slash), url.substr(slash)};
}

}  // namespace

Result<int> HttpWebhookTransport::post(const std::string& url, const std::string& json_body) {
  auto [base, path] = split_url(url);
  httplib::Client client(base);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(2, 0);
  client.set_write_timeout(2, 0);
  auto res = client.Post(path, json_body, "application/json");
  if (!res)
    return Error("POST " + url + ": " + httplib::to_string(res.error()))
        .of(ErrorKind::k_unavailable);
  return res->status;
}

std::string webhook_body(const AliasEvent& event) {
  return nlohmann::json{{"type", "alias.moved"}, {"event", event.to_json()}}.dump();
}

std::vector<Delivery> deliver_event(ModelRegistry& registry, WebhookTransport& transport,
                                    const AliasEvent& event, const RetryPolicy& policy) {
  std::vector<Delivery> out;
  auto urls = registry.webhooks();
  if (!urls) return out;
  auto sleep = policy.sleep ? policy.sleep
                            : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  std::string body = webhook_body(event);
  for (const auto& url : *urls) {
    Delivery d;
    d.url = url;
    auto backoff = policy.first_backoff;
    while (d.attempts < policy.attempts && !d.delivered) {
      if (d.attempts > 0) {
        sleep(backoff);
        backoff *= 2;
      }
      ++d.attempts;
      auto status = transport.post(url, body);
      if (status && *status >= 200 && *status < 300)
        d.delivered = true;
      else
        d.last_error = status ? "HTTP " + std::to_string(*status) : status.error().message;
    }
    if (d.delivered) d.last_error.clear();
    (void)registry.record_delivery(event.seq, d.url, d.attempts, d.delivered, d.last_error);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace strata::registry
