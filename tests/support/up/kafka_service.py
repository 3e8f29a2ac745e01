"""A Kafka-transport service for the `strata up` tests: answers each
request on `billing.requests` with a reply on `billing.replies`, and
serves its health path over HTTP on $PORT, as the contract asks."""
import http.server
import json
import os
import threading

from confluent_kafka import Consumer, Producer

BOOTSTRAP = os.environ["STRATA_KAFKA_BOOTSTRAP"]


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_requests() -> None:
    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": "billing",
                         "auto.offset.reset": "earliest"})
    consumer.subscribe(["billing.requests"])
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    while True:
        msg = consumer.poll(0.2)
        if msg is None or msg.error():
            continue
        request = json.loads(msg.value())
        print(f"billing consumed request {request['id']}", flush=True)
        reply = {"id": request["id"], "service": "billing", "pid": os.getpid()}
        producer.produce("billing.replies", json.dumps(reply).encode())
        producer.flush(10)


threading.Thread(target=serve_requests, daemon=True).start()
server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Health)
print(f"billing listening on {os.environ['PORT']} with Kafka at {BOOTSTRAP}", flush=True)
server.serve_forever()
