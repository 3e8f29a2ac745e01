"""The monolith of the `strata up` tests: /order calls every split HTTP
service through its STRATA_SERVICE_<NAME>_URL and, when a Kafka bootstrap
is set, the billing service by request and reply over Kafka topics."""
import http.server
import json
import os
import urllib.request
import uuid


def call_http_services() -> dict:
    answers = {}
    for key, url in sorted(os.environ.items()):
        if key.startswith("STRATA_SERVICE_") and key.endswith("_URL"):
            with urllib.request.urlopen(url + "/hello", timeout=5) as r:
                answers[key] = json.load(r)
    return answers


def call_billing_over_kafka() -> dict:
    from confluent_kafka import Consumer, Producer

    bootstrap = os.environ["STRATA_KAFKA_BOOTSTRAP"]
    request_id = str(uuid.uuid4())
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "monolith-" + request_id,
                         "auto.offset.reset": "earliest"})
    consumer.subscribe(["billing.replies"])
    producer = Producer({"bootstrap.servers": bootstrap})
    producer.produce("billing.requests", json.dumps({"id": request_id}).encode())
    producer.flush(10)
    try:
        for _ in range(300):
            msg = consumer.poll(0.1)
            if msg is None or msg.error():
                continue
            reply = json.loads(msg.value())
            if reply.get("id") == request_id:
                return reply
        raise TimeoutError("no reply from billing")
    finally:
        consumer.close()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/health":
            self.reply(200, {"status": "ok"})
        elif self.path == "/order":
            body = {"http": call_http_services()}
            if os.environ.get("STRATA_KAFKA_BOOTSTRAP"):
                body["kafka"] = call_billing_over_kafka()
            print("monolith served /order", flush=True)
            self.reply(200, body)
        else:
            self.reply(404, {"error": "not found"})

    def reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
print(f"monolith listening on {os.environ['PORT']}", flush=True)
server.serve_forever()
