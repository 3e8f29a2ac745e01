// The outbox as a template with @KEY@ holes. An event crosses as
// {"type": TYPE, "data": {the other fields}}, the wire Python's outbox uses,
// TYPE being the event's own `type` field.

#include "service/typescript_events_emitter.h"

#include "service/typescript_text.h"

namespace strata::service {

std::string ts_outbox_module(const Contract& c) {
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " context's events leave through this outbox: the application service\n"
             "// publishes to it, a relay delivers what it holds, and what could not be "
             "delivered\n// stays for the next flush. Handlers subscribe by event type.");
  out += R"(export const CONTEXT = "@CONTEXT@";

/** A domain event as it crosses the context's edge: its type and its other fields as JSON values. */
export interface IntegrationEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export type EventHandler = (event: IntegrationEvent) => Promise<void> | void;
export type Relay = (events: readonly IntegrationEvent[]) => Promise<void>;

export function eventToJson(event: IntegrationEvent): string {
  return JSON.stringify({ type: event.type, data: event.data });
}

export function eventFromJson(raw: string): IntegrationEvent {
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("an event is a JSON object");
  }
  const type: unknown = (parsed as Record<string, unknown>)["type"];
  const data: unknown = (parsed as Record<string, unknown>)["data"];
  if (typeof type !== "string" || typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new Error("an event has a type and data");
  }
  return { type, data: data as Record<string, unknown> };
}

const handlers = new Map<string, EventHandler[]>();
/** The last events delivered in this process, newest last. */
export const recent: IntegrationEvent[] = [];
const RECENT_LIMIT = 100;

/** Calls `handler` with each event of `type` ("*": of any type), whether the context runs here or in its own service. */
export function subscribe(type: string, handler: EventHandler): void {
  const list = handlers.get(type) ?? [];
  list.push(handler);
  handlers.set(type, list);
}

export async function deliver(event: IntegrationEvent): Promise<void> {
  recent.push(event);
  if (recent.length > RECENT_LIMIT) recent.shift();
  for (const handler of [...(handlers.get(event.type) ?? []), ...(handlers.get("*") ?? [])]) {
    try {
      await handler(event);
    } catch (e) {
      console.error(`a handler of ${event.type} failed: ${String(e)}`);
    }
  }
}

export function toIntegrationEvent(event: { readonly type: string }): IntegrationEvent {
  const data = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  delete data["type"];
  return { type: event.type, data };
}

/** The merged relay: through the wire form, as over a broker. */
export async function deliverLocally(events: readonly IntegrationEvent[]): Promise<void> {
  for (const event of events) await deliver(eventFromJson(eventToJson(event)));
}

/** Implements the context's EventPublisher: events are written here, then the relay delivers them; a failed delivery keeps them, in order. */
export class Outbox {
  private pendingEvents: IntegrationEvent[] = [];

  constructor(private readonly relay: Relay = deliverLocally) {}

  async publish(events: readonly { readonly type: string }[]): Promise<void> {
    this.pendingEvents.push(...events.map(toIntegrationEvent));
    await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.pendingEvents;
    this.pendingEvents = [];
    try {
      await this.relay(batch);
    } catch (e) {
      this.pendingEvents = [...batch, ...this.pendingEvents];
      console.error(`${batch.length} events kept in the outbox: ${String(e)}`);
    }
  }

  pending(): number {
    return this.pendingEvents.length;
  }
}
)";
  return ts_subst(out, {{"@CONTEXT@", c.context}});
}

std::string ts_kafka_events_module(const Contract& c) {
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " context's Kafka plumbing: the brokers and topic names, the relay\n"
             "// that carries the outbox's events, in order, to the context's topic, and the "
             "consumer that\n// delivers them to this process's handlers. kafkajs is "
             "loaded on first use: a service or\n// monolith without brokers runs without "
             "it.");
  out += R"(import type { Consumer, Kafka, Producer } from "kafkajs";

import { deliver, eventFromJson, eventToJson, Outbox, type Relay } from "./outbox.js";

export const BOOTSTRAP_VARIABLE = "STRATA_KAFKA_BOOTSTRAP";
/** A prefix of every topic and group name, so that several systems (or test runs) can share one broker. */
export const NAMESPACE_VARIABLE = "STRATA_KAFKA_NAMESPACE";

export function bootstrap(): string {
  const servers = process.env[BOOTSTRAP_VARIABLE] ?? "";
  if (servers.length === 0) throw new Error(`${BOOTSTRAP_VARIABLE} is not set: the Kafka brokers to use`);
  return servers;
}

export function namespaced(name: string): string {
  return (process.env[NAMESPACE_VARIABLE] ?? "") + name;
}

export async function kafka(servers: string): Promise<Kafka> {
  const kafkajs = await import("kafkajs");
  return new kafkajs.Kafka({ clientId: "@CONTEXT@", brokers: servers.split(","), logLevel: kafkajs.logLevel.NOTHING });
}

/** Creates `topic` with one partition unless it exists. */
export async function ensureTopic(client: Kafka, topic: string): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/**
 * One topic of one partition for all the context's events: they keep the order
 * they were raised in across types (an item is never added before its basket
 * was opened), which a topic per type cannot promise.
 */
export const EVENT_TOPIC = "strata.@CONTEXT@.events";
export const EVENT_GROUP = "@CONTEXT@-event-handlers";

/** Produces the events, in order, to the context's topic; rejects unless every broker acknowledged, so the outbox keeps them. */
export function kafkaRelay(servers: string): Relay {
  const connect = async (): Promise<Producer> => {
    const client = await kafka(servers);
    await ensureTopic(client, namespaced(EVENT_TOPIC));
    // Idempotence keeps the order across the producer's own retries.
    const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return producer;
  };
  let ready: Promise<Producer> | undefined;
  return async (events) => {
    ready ??= connect().catch((e: unknown) => {
      ready = undefined;
      throw e;
    });
    const producer = await ready;
    await producer.send({
      topic: namespaced(EVENT_TOPIC),
      acks: -1,
      messages: events.map((event) => ({ value: eventToJson(event) })),
    });
  };
}

/** The split service's outbox: to Kafka, or in process without brokers. */
export function serviceOutbox(): Outbox {
  const servers = process.env[BOOTSTRAP_VARIABLE] ?? "";
  if (servers.length === 0) {
    console.warn(`${BOOTSTRAP_VARIABLE} is not set: events are delivered in process only`);
    return new Outbox();
  }
  return new Outbox(kafkaRelay(servers));
}

export interface EventConsumer {
  stop(): Promise<void>;
}

/**
 * Delivers the context's events from Kafka to this process's handlers, from where
 * its consumer group left off. Until the brokers answer it tries again every second,
 * so the monolith may start before them.
 */
export async function startEventConsumer(servers: string): Promise<EventConsumer> {
  const client = await kafka(servers);
  const topic = namespaced(EVENT_TOPIC);
  let consumer: Consumer | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const start = async (): Promise<void> => {
    await ensureTopic(client, topic);
    consumer = client.consumer({ groupId: namespaced(EVENT_GROUP), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        let event;
        try {
          event = eventFromJson(message.value?.toString("utf8") ?? "");
        } catch {
          console.warn(`skipped a message that is not an event on ${topic}`);
          return;
        }
        await deliver(event);
      },
    });
  };
  const attempt = (): void => {
    start().catch(async (e: unknown) => {
      console.error(`the event consumer: ${e instanceof Error ? e.message : String(e)}`);
      await consumer?.disconnect().catch(() => undefined);
      consumer = undefined;
      if (!stopped) retry = setTimeout(attempt, 1000);
    });
  };
  attempt();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await consumer?.disconnect();
    },
  };
}
)";
  return ts_subst(out, {{"@CONTEXT@", c.context}});
}

std::string ts_events_in_process_test() {
  return R"(
  it("delivers the outbox's events to their handlers in process", async () => {
    const published: IntegrationEvent[] = [];
    const received: IntegrationEvent[] = [];
    subscribe("*", (event) => {
      received.push(event);
    });
    const relay = async (events: readonly IntegrationEvent[]): Promise<void> => {
      published.push(...events);
      await deliverLocally(events);
    };
    await scenario(localClient(makeService(new Outbox(relay))));
    assert.ok(published.length > 0, "the scenario publishes events");
    assert.deepEqual(received, published);
  });
)";
}

}  // namespace strata::service
