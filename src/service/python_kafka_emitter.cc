// Python for the kafka transport, as templates with @@KEY@@ holes. Topics:
// strata.CONTEXT.requests (one partition, so calls run in the order sent),
// strata.CONTEXT.replies.<uuid> per client; both created on first use with
// the admin client, so nothing depends on the broker auto-creating topics.
// Headers carry everything but the JSON body: method, correlation-id,
// reply-to, authorization (requests); correlation-id, status (replies).

#include "service/python_kafka_emitter.h"

#include "service/proto_emitter.h"
#include "service/python_emitter.h"
#include "service/python_events_emitter.h"
#include "service/python_grpc_emitter.h"
#include "service/python_transport.h"

namespace strata::service {

namespace {

std::vector<std::pair<std::string, std::string>> holes(const Contract& c) {
  return {{"CONTEXT", c.context},
          {"PORT", c.port},
          {"PKG", c.context + "_service"},
          {"CLIENT", proto_rpc_name(c.context) + "Client"},
          {"FIRST", c.methods.empty() ? "" : c.methods.front().name}};
}

}  // namespace

std::string py_kafka_client_module(const Contract& c) {
  return py_docstring(c, "The " + c.context +
                             " service's Kafka client: each call a message on the\n"
                             "context's request topic, its reply read from this client's own "
                             "reply topic by\ncorrelation id.") +
         fill_template(R"(
from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition

from .auth import issue_token
from .contract import @@CLIENT@@
from .kafka_events import bootstrap, ensure_topic, namespaced

REQUEST_TOPIC = "strata.@@CONTEXT@@.requests"
REPLY_TOPIC_PREFIX = "strata.@@CONTEXT@@.replies."
SERVICE_GROUP = "@@CONTEXT@@-service"
Headers = list[tuple[str, str | bytes | None]] | dict[str, str | bytes | None] | None


def header(headers: Headers, name: str) -> str | None:
    items = headers.items() if isinstance(headers, dict) else headers or []
    for key, value in items:
        if key == name and value is not None:
            return value.decode() if isinstance(value, bytes) else value
    return None


class _Pending:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.status = 0
        self.body = b""


class KafkaTransport:
    """Produces each call to the request topic and waits for its reply on
    this client's reply topic; connects on the first call."""

    def __init__(
        self,
        servers: str | None = None,
        timeout: float = 10.0,
        token: Callable[[], str] = issue_token,
    ) -> None:
        self._servers = servers
        self._timeout = timeout
        self._token = token
        self._lock = threading.Lock()
        self._pending: dict[str, _Pending] = {}
        self._producer: Producer | None = None
        self._request_topic = namespaced(REQUEST_TOPIC)
        self._reply_topic = namespaced(REPLY_TOPIC_PREFIX) + uuid.uuid4().hex
        self._closed = threading.Event()

    def _start(self) -> Producer:
        with self._lock:
            if self._producer is None:
                servers = self._servers or bootstrap()
                ensure_topic(servers, self._reply_topic)
                consumer = Consumer(
                    {
                        "bootstrap.servers": servers,
                        "group.id": self._reply_topic,
                        "enable.auto.commit": False,
                        "fetch.wait.max.ms": 10,
                    }
                )
                # A fresh topic read from its start: no reply can come before.
                consumer.assign([TopicPartition(self._reply_topic, 0, OFFSET_BEGINNING)])
                threading.Thread(target=self._receive, args=(consumer,), daemon=True).start()
                self._producer = Producer({"bootstrap.servers": servers, "linger.ms": 0})
            return self._producer

    def _receive(self, consumer: Consumer) -> None:
        try:
            while not self._closed.is_set():
                message = consumer.poll(0.1)
                if message is None or message.error() is not None:
                    continue
                headers = message.headers()
                with self._lock:
                    pending = self._pending.pop(header(headers, "correlation-id") or "", None)
                if pending is not None:
                    pending.status = int(header(headers, "status") or "500")
                    pending.body = message.value() or b""
                    pending.done.set()
        finally:
            consumer.close()

    def __call__(self, method: str, body: bytes) -> tuple[int, bytes]:
        producer = self._start()
        correlation = uuid.uuid4().hex
        pending = _Pending()
        with self._lock:
            self._pending[correlation] = pending
        headers: list[tuple[str, str | bytes | None]] = [
            ("method", method),
            ("correlation-id", correlation),
            ("reply-to", self._reply_topic),
        ]
        token = self._token()
        if token:
            headers.append(("authorization", f"Bearer {token}"))
        producer.produce(self._request_topic, body, key=correlation, headers=headers)
        producer.poll(0)
        if not pending.done.wait(self._timeout):
            with self._lock:
                self._pending.pop(correlation, None)
            error = {"kind": "timeout", "message": f"no reply to {method} in {self._timeout} s"}
            return 504, json.dumps({"error": error}).encode()
        return pending.status, pending.body

    def close(self) -> None:
        self._closed.set()
        if self._producer is not None:
            self._producer.flush(5)


def kafka_client(servers: str | None = None) -> @@CLIENT@@:
    """The split service's client through the brokers at `servers` or
    $STRATA_KAFKA_BOOTSTRAP."""
    return @@CLIENT@@(KafkaTransport(servers))
)",
                       holes(c));
}

std::string py_kafka_server_module(const Contract& c) {
  return py_docstring(c, "The " + c.context +
                             " service over Kafka: consumes the request topic in the\n"
                             "service's consumer group, checks each call's JWT (401 "
                             "without a valid one), runs\nit through the contract's "
                             "dispatcher and produces the reply to the caller's topic.") +
         fill_template(R"(
from __future__ import annotations

import threading
import time

from confluent_kafka import Consumer, Message, Producer, TopicPartition

from @@CONTEXT@@_api.port import @@PORT@@

from .auth import UNAUTHORIZED, check_authorization
from .contract import dispatch
from .kafka_client import REQUEST_TOPIC, SERVICE_GROUP, header
from .kafka_events import ensure_topic, namespaced
from .metrics import observe


class KafkaServer:
    """Serves calls from the request topic until `stop` is set."""

    def __init__(self, service: @@PORT@@, servers: str) -> None:
        self._service = service
        self._servers = servers
        self._ready = threading.Event()

    def ready(self) -> bool:
        """Whether the consumer has its partition: calls are being served."""
        return self._ready.is_set()

    def _assigned(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        self._ready.set()

    def run(self, stop: threading.Event) -> None:
        topic = namespaced(REQUEST_TOPIC)
        ensure_topic(self._servers, topic)
        consumer = Consumer(
            {
                "bootstrap.servers": self._servers,
                "group.id": namespaced(SERVICE_GROUP),
                "auto.offset.reset": "earliest",
                "fetch.wait.max.ms": 10,
            }
        )
        producer = Producer({"bootstrap.servers": self._servers, "linger.ms": 0})
        consumer.subscribe([topic], on_assign=self._assigned)
        try:
            while not stop.is_set():
                message = consumer.poll(0.1)
                if message is not None and message.error() is None:
                    self._answer(message, producer)
                producer.poll(0)
        finally:
            consumer.close()
            producer.flush(5)

    def _answer(self, message: Message, producer: Producer) -> None:
        headers = message.headers()
        method = header(headers, "method") or ""
        reply_to = header(headers, "reply-to")
        correlation = header(headers, "correlation-id")
        if not reply_to or not correlation:
            return  # nowhere to answer
        started = time.perf_counter()
        if check_authorization(header(headers, "authorization")):
            status, body = dispatch(self._service, method, message.value() or b"")
        else:
            status, body = 401, UNAUTHORIZED
        observe(method, status, time.perf_counter() - started)
        reply_headers: list[tuple[str, str | bytes | None]] = [
            ("correlation-id", correlation),
            ("status", str(status)),
        ]
        producer.produce(reply_to, body, key=correlation, headers=reply_headers)
)",
                       holes(c));
}

std::string py_kafka_main_module(const Contract& c) {
  return py_health_main_module(
      c, {"Serves the " + c.context +
              " service: calls from Kafka at $STRATA_KAFKA_BOOTSTRAP, and\n"
              "GET /health and /metrics over HTTP on 127.0.0.1:$PORT, where supervisors look.",
          "import threading\n",
          "from .health_server import create_health_app\n"
          "from .kafka_events import bootstrap, service_outbox\n"
          "from .kafka_server import KafkaServer\n"
          "from .wiring import make_service\n",
          "    host = os.environ.get(\"HOST\", \"127.0.0.1\")\n"
          "    server = KafkaServer(make_service(service_outbox()), bootstrap())\n"
          "    stop = threading.Event()\n"
          "    consumer = threading.Thread(target=server.run, args=(stop,), daemon=True)\n"
          "    consumer.start()\n",
          "server.ready", "        stop.set()\n        consumer.join(timeout=10)\n"});
}

std::string py_kafka_contract_tests(const Contract& c) {
  std::string text =
      py_docstring(c, "Contract tests of the " + c.context +
                          " context over Kafka: the same calls through the\n"
                          "in-process client and through the service, started as its own "
                          "process on the\nbrokers at $STRATA_KAFKA_BOOTSTRAP, give the same "
                          "results; calls without a valid\ntoken are refused (401); health and "
                          "metrics answer over HTTP. Without a broker\nthe remote tests are "
                          "skipped.") +
      fill_template(R"(
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence

import jwt
import pytest

@@IMPORTS@@from @@PKG@@.contract import @@CLIENT@@, ServiceCallError, local_client
from @@PKG@@.kafka_client import KafkaTransport
from @@PKG@@.kafka_events import BOOTSTRAP_VARIABLE, NAMESPACE_VARIABLE, EventConsumer
from @@PKG@@.outbox import IntegrationEvent, Outbox, deliver_locally, subscribe
from @@PKG@@.wiring import make_service

KEY = "contract-tests-signing-key-0123456789abcdef"
MISSING_ID = "missing-id"
BOOTSTRAP = os.environ.get(BOOTSTRAP_VARIABLE, "")
# Topics of their own, apart from any service running on the same broker.
NAMESPACE = f"contract-tests-{uuid.uuid4().hex[:8]}."
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
remote = pytest.mark.skipif(not BOOTSTRAP, reason=f"{BOOTSTRAP_VARIABLE} is not set: no broker")
)" + py_service_process_helpers(60) +
                        R"(

@pytest.fixture(scope="module")
def service_url() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "STRATA_SERVICE_JWT_KEY": KEY}
    env[NAMESPACE_VARIABLE] = NAMESPACE
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    process = subprocess.Popen([sys.executable, "-m", "@@PKG@@"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(autouse=True)
def _signing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATA_SERVICE_JWT_KEY", KEY)
    monkeypatch.setenv(NAMESPACE_VARIABLE, NAMESPACE)

@@SCENARIO@@

def _claims(**changes: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {"iss": "strata", "aud": "@@CONTEXT@@-service", "exp": now + 60}
    claims.update(changes)
    return claims


def _status(token: str) -> int:
    """The status of a call of the first method, sent with `token` ("": none)."""
    transport = KafkaTransport(BOOTSTRAP, token=lambda: token)
    try:
        return transport("@@FIRST@@", b"{}")[0]
    finally:
        transport.close()


@remote
def test_in_process_and_kafka_give_the_same_results(service_url: str) -> None:
    local = scenario(local_client(make_service()))
    transport = KafkaTransport(BOOTSTRAP)
    try:
        over_kafka = scenario(@@CLIENT@@(transport))
    finally:
        transport.close()
    assert local == over_kafka
    assert any(line.startswith("ok") for line in local)


# The context's events arrive in the order they were raised, across types.
@remote
def test_events_reach_their_handlers_through_kafka(service_url: str) -> None:
    expected: list[str] = []

    def relay(events: Sequence[IntegrationEvent]) -> None:
        expected.extend(event.type for event in events)

    scenario(local_client(make_service(Outbox(relay))))
    received: list[str] = []
    subscribe("*", lambda event: received.append(event.type))
    consumer = EventConsumer(BOOTSTRAP, from_now=True)
    transport = KafkaTransport(BOOTSTRAP)
    try:
        assert consumer.assigned.wait(60)
        scenario(@@CLIENT@@(transport))
        deadline = time.monotonic() + 60
        while len(received) < len(expected) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        transport.close()
        consumer.stop()
    assert expected
    assert received == expected


@remote
def test_a_call_without_a_token_is_refused(service_url: str) -> None:
    assert _status("") == 401


@remote
def test_a_token_signed_with_another_key_is_refused(service_url: str) -> None:
    token = jwt.encode(_claims(), "another-key-of-the-same-length-0123456789", algorithm="HS256")
    assert _status(token) == 401


@remote
def test_an_expired_token_is_refused(service_url: str) -> None:
    token = jwt.encode(_claims(exp=int(time.time()) - 60), KEY, algorithm="HS256")
    assert _status(token) == 401


@remote
def test_a_token_for_another_service_is_refused(service_url: str) -> None:
    token = jwt.encode(_claims(aud="another-service"), KEY, algorithm="HS256")
    assert _status(token) == 401


@remote
def test_a_valid_token_is_accepted(service_url: str) -> None:
    assert _status(jwt.encode(_claims(), KEY, algorithm="HS256")) != 401


@remote
def test_metrics_count_calls_per_method(service_url: str) -> None:
    answered = _status(jwt.encode(_claims(), KEY, algorithm="HS256"))
    status, text = _http_get(f"{service_url}/metrics")
    assert status == 200
    assert f'strata_service_requests_total{{method="@@FIRST@@",status="{answered}"}}' in text
    assert 'strata_service_request_seconds_count{method="@@FIRST@@"}' in text


def test_the_in_process_client_runs_without_a_broker() -> None:
    assert any(line.startswith("ok") for line in scenario(local_client(make_service())))
)" + py_events_in_process_test(),
                    holes(c));
  text = fill_template(text, {{"SCENARIO", py_contract_scenario(c)}});
  return py_fill_test_imports(c, text);
}

}  // namespace strata::service
