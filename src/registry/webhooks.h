#pragma once
// Events on alias moves, delivered to subscribers: each URL registered in
// ml_webhooks gets the event as a JSON POST, retried with exponential
// backoff until a 2xx answer or the attempts run out; every delivery's
// outcome is recorded in ml_webhook_deliveries, so a failed one can be
// seen (and sent again with `strata model webhook redeliver`).

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "registry/model_registry.h"
#include "util/result.h"

namespace strata::registry {

// How a POST reaches a subscriber; tests give a fake.
class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  // The HTTP status, or an error when no answer came.
  virtual Result<int> post(const std::string& url, const std::string& json_body) = 0;
};

// cpp-httplib, 2-second connect/read/write timeouts, http:// and https://.
class HttpWebhookTransport final : public WebhookTransport {
 public:
  Result<int> post(const std::string& url, const std::string& json_body) override;
};

struct RetryPolicy {
  int attempts = 4;
  std::chrono::milliseconds first_backoff{200};          // doubled after each failure
  std::function<void(std::chrono::milliseconds)> sleep;  // default: sleep_for
};

struct Delivery {
  std::string url;
  int attempts = 0;
  bool delivered = false;
  std::string last_error;
};

// {"type": "alias.moved", "event": AliasEvent::to_json()}
std::string webhook_body(const AliasEvent& event);

// Sends `event` to every subscriber and records the outcomes.
std::vector<Delivery> deliver_event(ModelRegistry& registry, WebhookTransport& transport,
                                    const AliasEvent& event, const RetryPolicy& policy = {});

}  // namespace strata::registry
