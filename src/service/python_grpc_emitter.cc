// Python for the grpc transport, written as templates with @@KEY@@ holes.
// The wire module needs no generated _pb2 files: `grpc.protos` (grpcio-tools)
// compiles the .proto beside it on import, and the converters walk the
// message descriptors, so what is generated per contract is the .proto and
// one table of methods.

#include "service/python_grpc_emitter.h"

#include <cctype>

#include "service/proto_emitter.h"
#include "service/python_emitter.h"
#include "service/python_events_emitter.h"
#include "service/python_transport.h"

namespace strata::service {

namespace {

std::string methods_table(const Contract& c) {
  std::string out;
  for (const auto& m : c.methods) {
    std::string rpc = proto_rpc_name(m.name);
    out +=
        "    \"" + m.name + "\": (\"" + rpc + "\", \"" + rpc + "Call\", \"" + rpc + "Result\"),\n";
  }
  return out;
}

std::string client_class(const Contract& c) { return proto_rpc_name(c.context) + "Client"; }

}  // namespace

std::string fill_template(std::string text,
                          const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [key, value] : values) {
    std::string hole = "@@" + key + "@@";
    for (size_t at = text.find(hole); at != std::string::npos; at = text.find(hole, at)) {
      text.replace(at, hole.size(), value);
      at += value.size();
    }
  }
  return text;
}

std::string env_name(const std::string& context) {
  std::string out;
  for (char c : context)
    out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string py_grpc_wire_module(const Contract& c, const std::string& package_path) {
  return py_docstring(c, "The " + c.context +
                             " contract's gRPC messages: grpcio-tools compiles the .proto\n"
                             "beside this module when it is imported; the converters map a "
                             "message to the\ncontract's JSON values and back by its descriptor.") +
         fill_template(R"(
from __future__ import annotations

import grpc
from google.protobuf.message import Message

PROTO = "@@PATH@@/@@CONTEXT@@.proto"
SERVICE = "@@SERVICE@@"
# Each method of the port: its rpc, call message and result message.
METHODS: dict[str, tuple[str, str, str]] = {
@@METHODS@@}
_MESSAGES = grpc.protos(PROTO)


def message_class(name: str) -> type[Message]:
    found: type[Message] = getattr(_MESSAGES, name)
    return found


def serialize(message: Message) -> bytes:
    return message.SerializeToString()


def _object(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def _items(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def to_message(cls: type[Message], data: dict[str, object]) -> Message:
    """The message of `cls` holding the JSON values of `data` (None: absent)."""
    message = cls()
    _fill(message, data)
    return message


def _fill(message: Message, data: dict[str, object]) -> None:
    for field in message.DESCRIPTOR.fields:
        value = data.get(field.name)
        if value is None:
            continue
        if field.message_type is not None and field.is_repeated:
            for item in _items(value):
                _fill(getattr(message, field.name).add(), _object(item))
        elif field.message_type is not None:
            nested = getattr(message, field.name)
            nested.SetInParent()
            _fill(nested, _object(value))
        elif field.is_repeated:
            getattr(message, field.name).extend(_items(value))
        else:
            setattr(message, field.name, value)


def from_message(message: Message) -> dict[str, object]:
    """The JSON values of `message`; an optional field it lacks is None."""
    data: dict[str, object] = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        if field.is_repeated:
            nested = field.message_type is not None
            data[field.name] = [from_message(v) if nested else v for v in value]
        elif field.has_presence and not message.HasField(field.name):
            data[field.name] = None
        elif field.message_type is not None:
            data[field.name] = from_message(value)
        else:
            data[field.name] = value
    return data
)",
                       {{"PATH", package_path},
                        {"CONTEXT", c.context},
                        {"SERVICE", proto_service_name(c)},
                        {"METHODS", methods_table(c)}});
}

std::string py_grpc_client_module(const Contract& c) {
  return py_docstring(c, "The " + c.context +
                             " service's gRPC client: the port over a channel, each call\n"
                             "carrying a fresh JWT in its metadata.") +
         fill_template(R"(
from __future__ import annotations

import json
import os

import grpc

from .auth import issue_token
from .contract import @@CLIENT@@
from .grpc_wire import METHODS, SERVICE, from_message, message_class, serialize, to_message

URL_VARIABLE = "STRATA_SERVICE_@@ENV@@_URL"
# gRPC status codes back to the statuses the contract's errors carry.
_STATUSES = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.UNIMPLEMENTED: 404,
    grpc.StatusCode.FAILED_PRECONDITION: 422,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}


def _error_body(code: grpc.StatusCode, details: str) -> bytes:
    """The server puts the contract's JSON error in the details; anything
    else (the channel's own errors) becomes one."""
    try:
        parsed = json.loads(details)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and "error" in parsed:
        return details.encode()
    error = {"kind": code.name.lower(), "message": details}
    return json.dumps({"error": error}).encode()


class GrpcTransport:
    """Sends each call as its unary rpc, with a bearer token in the metadata."""

    def __init__(self, target: str, timeout: float = 10.0) -> None:
        self._channel = grpc.insecure_channel(target)
        self._timeout = timeout
        self._calls = {
            method: (
                message_class(call),
                self._channel.unary_unary(
                    f"/{SERVICE}/{rpc}",
                    request_serializer=serialize,
                    response_deserializer=message_class(result).FromString,
                ),
            )
            for method, (rpc, call, result) in METHODS.items()
        }

    def __call__(self, method: str, body: bytes) -> tuple[int, bytes]:
        found = self._calls.get(method)
        if found is None:
            error = {"kind": "unknown_method", "message": f"no method {method}"}
            return 404, json.dumps({"error": error}).encode()
        call_class, stub = found
        request = to_message(call_class, json.loads(body))
        metadata = (("authorization", f"Bearer {issue_token()}"),)
        try:
            reply = stub(request, timeout=self._timeout, metadata=metadata)
        except grpc.RpcError as e:
            code = e.code()
            return _STATUSES.get(code, 500), _error_body(code, e.details() or "")
        return 200, json.dumps({"result": from_message(reply).get("result")}).encode()

    def close(self) -> None:
        self._channel.close()


def grpc_client(target: str | None = None) -> @@CLIENT@@:
    """The split service's client, at `target` (HOST:PORT) or $@@URLVAR@@."""
    address = target or os.environ.get(URL_VARIABLE, "")
    if not address:
        raise RuntimeError(f"{URL_VARIABLE} is not set: where the service listens")
    return @@CLIENT@@(GrpcTransport(address))
)",
                       {{"CLIENT", client_class(c)},
                        {"ENV", env_name(c.context)},
                        {"URLVAR", "STRATA_SERVICE_" + env_name(c.context) + "_URL"}});
}

std::string py_grpc_server_module(const Contract& c) {
  return py_docstring(c, "The " + c.context +
                             " service over gRPC: each rpc runs the call through the\n"
                             "contract's dispatcher once the JWT in its metadata is checked "
                             "(UNAUTHENTICATED\nwithout one); the contract's errors travel as "
                             "status codes with the JSON error\nin the details.") +
         fill_template(R"(
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import grpc
from google.protobuf.message import Message

from @@CONTEXT@@_api.port import @@PORT@@

from .auth import UNAUTHORIZED, check_authorization
from .contract import dispatch
from .grpc_wire import METHODS, SERVICE, from_message, message_class, serialize, to_message
from .metrics import observe

# The statuses the dispatcher answers with, as gRPC status codes.
_CODES = {
    400: grpc.StatusCode.INVALID_ARGUMENT,
    404: grpc.StatusCode.NOT_FOUND,
    422: grpc.StatusCode.FAILED_PRECONDITION,
}
_Handler = Callable[[Message, grpc.ServicerContext], Message]


def _authorization(context: grpc.ServicerContext) -> str | None:
    for key, value in context.invocation_metadata():
        if key == "authorization" and isinstance(value, str):
            return value
    return None


def _handler(service: @@PORT@@, method: str, result: str, lock: threading.Lock) -> _Handler:
    result_class = message_class(result)

    def handle(request: Message, context: grpc.ServicerContext) -> Message:
        started = time.perf_counter()
        if not check_authorization(_authorization(context)):
            observe(method, 401, time.perf_counter() - started)
            context.abort(grpc.StatusCode.UNAUTHENTICATED, UNAUTHORIZED.decode())
        body = json.dumps(from_message(request)).encode()
        # One call at a time, as the HTTP server runs them: the application
        # service is not written for concurrent calls.
        with lock:
            status, answer = dispatch(service, method, body)
        observe(method, status, time.perf_counter() - started)
        if status != 200:
            context.abort(_CODES.get(status, grpc.StatusCode.UNKNOWN), answer.decode())
        return to_message(result_class, json.loads(answer))

    return handle


def serve(service: @@PORT@@, host: str, port: int) -> grpc.Server:
    """Starts the gRPC server on HOST:PORT and returns it, running."""
    lock = threading.Lock()
    handlers = {
        rpc: grpc.unary_unary_rpc_method_handler(
            _handler(service, method, result, lock),
            request_deserializer=message_class(call).FromString,
            response_serializer=serialize,
        )
        for method, (rpc, call, result) in METHODS.items()
    }
    server = grpc.server(ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))
    server.add_insecure_port(f"{host}:{port}")
    server.start()
    return server
)",
                       {{"CONTEXT", c.context}, {"PORT", c.port}});
}

std::string py_grpc_main_module(const Contract& c) {
  return py_health_main_module(
      c, {"Serves the " + c.context +
              " service: gRPC on 127.0.0.1:$GRPC_PORT (default $PORT + 1),\n"
              "and GET /health and /metrics over HTTP on $PORT, where supervisors look.",
          "",
          "from .grpc_server import serve\n"
          "from .health_server import create_health_app\n"
          "from .kafka_events import service_outbox\n"
          "from .wiring import make_service\n",
          "    grpc_port = os.environ.get(\"GRPC_PORT\", \"\") or str(int(port) + 1)\n"
          "    host = os.environ.get(\"HOST\", \"127.0.0.1\")\n"
          "    server = serve(make_service(service_outbox()), host, int(grpc_port))\n",
          "lambda: True", "        server.stop(grace=2).wait()\n"});
}

std::string py_grpc_contract_tests(const Contract& c) {
  std::string pkg = c.context + "_service";
  std::string text =
      py_docstring(c, "Contract tests of the " + c.context +
                          " context over gRPC: the same calls through the\n"
                          "in-process client and through the service, started as its own "
                          "process, give\nthe same results; calls without a valid token are "
                          "refused (UNAUTHENTICATED);\nhealth and metrics answer over HTTP.") +
      fill_template(R"(
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import grpc
import jwt
import pytest

@@IMPORTS@@from @@PKG@@.contract import ServiceCallError, local_client
from @@PKG@@.grpc_client import grpc_client
from @@PKG@@.grpc_wire import METHODS, SERVICE, message_class, serialize
from @@PKG@@.outbox import IntegrationEvent, Outbox, deliver_locally, subscribe
from @@PKG@@.wiring import make_service

KEY = "contract-tests-signing-key-0123456789abcdef"
MISSING_ID = "missing-id"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Service:
    http: str
    grpc: str
)" + py_service_process_helpers(30) +
                        R"(

@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    port, grpc_port = _free_port(), _free_port()
    env = {**os.environ, "PORT": str(port), "GRPC_PORT": str(grpc_port)}
    env["STRATA_SERVICE_JWT_KEY"] = KEY
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    process = subprocess.Popen([sys.executable, "-m", "@@PKG@@"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield Service(url, f"127.0.0.1:{grpc_port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(autouse=True)
def _signing_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATA_SERVICE_JWT_KEY", KEY)

@@SCENARIO@@

def _claims(**changes: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {"iss": "strata", "aud": "@@CONTEXT@@-service", "exp": now + 60}
    claims.update(changes)
    return claims


def _code(target: str, metadata: tuple[tuple[str, str], ...]) -> grpc.StatusCode:
    """The status of a call of the first method with an empty message."""
    rpc, call, result = METHODS["@@FIRST@@"]
    with grpc.insecure_channel(target) as channel:
        stub = channel.unary_unary(
            f"/{SERVICE}/{rpc}",
            request_serializer=serialize,
            response_deserializer=message_class(result).FromString,
        )
        try:
            stub(message_class(call)(), timeout=10, metadata=metadata)
        except grpc.RpcError as e:
            return e.code()
    return grpc.StatusCode.OK


def _bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


def test_in_process_and_grpc_give_the_same_results(service: Service) -> None:
    local = scenario(local_client(make_service()))
    remote = scenario(grpc_client(service.grpc))
    assert local == remote
    assert any(line.startswith("ok") for line in local)


def test_a_call_without_a_token_is_refused(service: Service) -> None:
    assert _code(service.grpc, ()) == grpc.StatusCode.UNAUTHENTICATED


def test_a_token_signed_with_another_key_is_refused(service: Service) -> None:
    token = jwt.encode(_claims(), "another-key-of-the-same-length-0123456789", algorithm="HS256")
    assert _code(service.grpc, _bearer(token)) == grpc.StatusCode.UNAUTHENTICATED


def test_an_expired_token_is_refused(service: Service) -> None:
    token = jwt.encode(_claims(exp=int(time.time()) - 60), KEY, algorithm="HS256")
    assert _code(service.grpc, _bearer(token)) == grpc.StatusCode.UNAUTHENTICATED


def test_a_token_for_another_service_is_refused(service: Service) -> None:
    token = jwt.encode(_claims(aud="another-service"), KEY, algorithm="HS256")
    assert _code(service.grpc, _bearer(token)) == grpc.StatusCode.UNAUTHENTICATED


def test_a_valid_token_is_accepted(service: Service) -> None:
    token = jwt.encode(_claims(), KEY, algorithm="HS256")
    assert _code(service.grpc, _bearer(token)) != grpc.StatusCode.UNAUTHENTICATED


def test_metrics_count_calls_per_method(service: Service) -> None:
    scenario(grpc_client(service.grpc))
    status, text = _http_get(f"{service.http}/metrics")
    assert status == 200
    # The scenario's first call of it may fail (an id nobody has): any status.
    assert 'strata_service_requests_total{method="@@FIRST@@",status="' in text
    assert 'strata_service_request_seconds_count{method="@@FIRST@@"}' in text
)" + py_events_in_process_test(),
                    {{"PKG", pkg},
                     {"CONTEXT", c.context},
                     {"FIRST", c.methods.empty() ? "" : c.methods.front().name},
                     {"SCENARIO", py_contract_scenario(c)}});
  return py_fill_test_imports(c, text);
}

}  // namespace strata::service
