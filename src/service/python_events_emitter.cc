// The outbox and the Kafka side of events, as templates with @@KEY@@ holes.
// One topic per context, strata.CONTEXT.events, of one partition: a
// context's events keep the order they were raised in across types (an item
// is never added before its basket was opened), which a topic per type
// cannot promise. The monolith consumes it in one consumer group per context.

#include "service/python_events_emitter.h"

#include "service/python_emitter.h"
#include "service/python_grpc_emitter.h"

namespace strata::service {

std::string py_outbox_module(const Contract& c) {
  return py_docstring(c, "The " + c.context +
                             " context's events leave through this outbox: the application\n"
                             "service publishes to it, a relay delivers what it holds (in "
                             "process, or to\nKafka when the context is split), and what "
                             "could not be delivered stays for\nthe next flush. Handlers "
                             "subscribe by event type.") +
         fill_template(R"(
from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

CONTEXT = "@@CONTEXT@@"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IntegrationEvent:
    """A domain event as it crosses the context's edge: the name of its
    class and its fields as JSON values."""

    type: str
    data: dict[str, object]

    def to_json(self) -> bytes:
        return json.dumps({"type": self.type, "data": self.data}).encode()

    @staticmethod
    def from_json(raw: bytes) -> IntegrationEvent:
        parsed = json.loads(raw)
        if not isinstance(parsed, dict):
            raise ValueError("an event is a JSON object")
        kind, data = parsed.get("type"), parsed.get("data")
        if not isinstance(kind, str) or not isinstance(data, dict):
            raise ValueError("an event has a type and data")
        return IntegrationEvent(kind, data)


Handler = Callable[[IntegrationEvent], None]
Relay = Callable[[Sequence[IntegrationEvent]], None]
_handlers: dict[str, list[Handler]] = {}
_lock = threading.Lock()
# The last events delivered in this process, newest last.
recent: deque[IntegrationEvent] = deque(maxlen=100)


def subscribe(event_type: str, handler: Handler) -> None:
    """Calls `handler` with each event of `event_type` ("*": of any type),
    whether the context runs in this process or in its own service."""
    with _lock:
        _handlers.setdefault(event_type, []).append(handler)


def deliver(event: IntegrationEvent) -> None:
    with _lock:
        handlers = [*_handlers.get(event.type, []), *_handlers.get("*", [])]
        recent.append(event)
    for handler in handlers:
        try:
            handler(event)
        except Exception:
            _log.exception("a handler of %s failed", event.type)


def to_integration_event(event: object) -> IntegrationEvent:
    if not dataclasses.is_dataclass(event) or isinstance(event, type):
        raise TypeError(f"a domain event is a dataclass, not {type(event).__name__}")
    data = json.loads(json.dumps(dataclasses.asdict(event), default=str))
    return IntegrationEvent(type(event).__name__, data)


def deliver_locally(events: Sequence[IntegrationEvent]) -> None:
    """The merged relay: through the wire form, as over Kafka."""
    for event in events:
        deliver(IntegrationEvent.from_json(event.to_json()))


class Outbox:
    """Implements the context's EventPublisher: events are written here,
    then the relay delivers them; a failed delivery keeps them, in order."""

    def __init__(self, relay: Relay = deliver_locally) -> None:
        self._relay = relay
        self._pending: list[IntegrationEvent] = []
        # Reentrant: a handler the relay delivers to may publish again.
        self._lock = threading.RLock()

    def publish(self, events: Sequence[object]) -> None:
        with self._lock:
            self._pending.extend(to_integration_event(e) for e in events)
        self.flush()

    def flush(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
            try:
                self._relay(batch)
            except Exception:
                self._pending[:0] = batch
                _log.exception("%d events kept in the outbox", len(batch))

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)
)",
                       {{"CONTEXT", c.context}});
}

std::string py_kafka_events_module(const Contract& c) {
  return py_docstring(
             c, "The " + c.context +
                    " context's Kafka plumbing: the brokers and topic names, the\n"
                    "relay that carries the outbox's events to the context's topic, in order, and "
                    "the consumer\nthat delivers them to this process's handlers.") +
         fill_template(R"(
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic  # the admin package re-exports it untyped

from .outbox import IntegrationEvent, Outbox, deliver

BOOTSTRAP_VARIABLE = "STRATA_KAFKA_BOOTSTRAP"
# A prefix of every topic and group name, so that several systems (or test
# runs) can share one broker.
NAMESPACE_VARIABLE = "STRATA_KAFKA_NAMESPACE"
EVENT_TOPIC = "strata.@@CONTEXT@@.events"
EVENT_GROUP = "@@CONTEXT@@-event-handlers"
_log = logging.getLogger(__name__)


def bootstrap() -> str:
    servers = os.environ.get(BOOTSTRAP_VARIABLE, "")
    if not servers:
        raise RuntimeError(f"{BOOTSTRAP_VARIABLE} is not set: the Kafka brokers to use")
    return servers


def namespaced(name: str) -> str:
    return os.environ.get(NAMESPACE_VARIABLE, "") + name


def ensure_topic(servers: str, topic: str) -> None:
    """Creates `topic` (one partition) unless it exists."""
    admin = AdminClient({"bootstrap.servers": servers})
    new_topic = NewTopic(topic, num_partitions=1, replication_factor=1)
    for future in admin.create_topics([new_topic]).values():
        try:
            future.result(timeout=30)
        except KafkaException as e:
            if e.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise


class KafkaRelay:
    """Produces the events, in order, to the context's topic; fails unless
    the broker acknowledged them all, so the outbox keeps them."""

    def __init__(self, servers: str) -> None:
        self._servers = servers
        # Idempotence keeps the order across the producer's own retries.
        self._producer = Producer(
            {"bootstrap.servers": servers, "linger.ms": 0, "enable.idempotence": True}
        )
        self._topic_ready = False

    def __call__(self, events: Sequence[IntegrationEvent]) -> None:
        topic = namespaced(EVENT_TOPIC)
        if not self._topic_ready:
            ensure_topic(self._servers, topic)
            self._topic_ready = True
        for event in events:
            self._producer.produce(topic, event.to_json())
        if self._producer.flush(10) > 0:
            raise RuntimeError("the broker did not acknowledge every event")


def service_outbox() -> Outbox:
    """The split service's outbox: to Kafka, or in process without brokers."""
    servers = os.environ.get(BOOTSTRAP_VARIABLE, "")
    if not servers:
        _log.warning("%s is not set: events are delivered in process only", BOOTSTRAP_VARIABLE)
        return Outbox()
    return Outbox(KafkaRelay(servers))


class EventConsumer:
    """Delivers the context's events from Kafka to this process's handlers
    on a daemon thread, from where its consumer group left off (or, with
    `from_now`, from the moment it has its partitions: `assigned`)."""

    def __init__(self, servers: str, from_now: bool = False) -> None:
        self.assigned = threading.Event()
        self._from_now = from_now
        self._stop = threading.Event()
        self._consumer = Consumer(
            {
                "bootstrap.servers": servers,
                "group.id": namespaced(EVENT_GROUP),
                "auto.offset.reset": "earliest",
                "fetch.wait.max.ms": 100,
            }
        )
        # Subscribing to a topic that does not exist yet would wait for a
        # metadata refresh; creating it first is idempotent.
        ensure_topic(servers, namespaced(EVENT_TOPIC))
        self._consumer.subscribe([namespaced(EVENT_TOPIC)], on_assign=self._on_assign)
        threading.Thread(target=self._run, daemon=True).start()

    def _on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        if self._from_now:
            for partition in partitions:
                partition.offset = consumer.get_watermark_offsets(partition, timeout=10)[1]
            consumer.assign(partitions)
        if partitions:
            self.assigned.set()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                message = self._consumer.poll(0.2)
                if message is None or message.error() is not None:
                    continue
                try:
                    deliver(IntegrationEvent.from_json(message.value() or b""))
                except ValueError:
                    _log.warning("skipped a message that is not an event on %s", message.topic())
        finally:
            self._consumer.close()


def start_consumer(servers: str | None = None) -> EventConsumer | None:
    """The consumer of the context's events, or None without brokers."""
    servers = servers or os.environ.get(BOOTSTRAP_VARIABLE, "")
    return EventConsumer(servers) if servers else None
)",
                       {{"CONTEXT", c.context}});
}

std::string py_events_in_process_test() {
  return R"(

def test_events_reach_their_handlers_in_process() -> None:
    published: list[IntegrationEvent] = []
    received: list[IntegrationEvent] = []

    def relay(events: Sequence[IntegrationEvent]) -> None:
        published.extend(events)
        deliver_locally(events)

    subscribe("*", received.append)
    scenario(local_client(make_service(Outbox(relay))))
    assert received == published
)";
}

}  // namespace strata::service
