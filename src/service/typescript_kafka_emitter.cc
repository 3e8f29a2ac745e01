// TypeScript for the kafka transport, as templates with @NAME@ holes. Both
// topics are created (one partition) with the admin client on first use,
// so nothing depends on the broker creating topics by itself.

#include "service/typescript_kafka_emitter.h"

#include "service/typescript_events_emitter.h"
#include "service/typescript_text.h"

namespace strata::service {

std::string ts_kafka_client_module(const Contract& c, const TsNames& n) {
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " service's Kafka client (kafkajs): each call a message on the\n"
             "// context's request topic, its reply read from this client's own reply topic "
             "by\n// correlation id.");
  out += R"(import { randomUUID } from "node:crypto";

import type { IHeaders, Producer } from "kafkajs";

import { issueToken } from "./auth.js";
import { @CLIENT@, type Reply, type Transport } from "./codec.js";
import { bootstrap, ensureTopic, kafka, namespaced } from "./kafka-events.js";

export const REQUEST_TOPIC = "strata.@CONTEXT@.requests";
export const REPLY_TOPIC_PREFIX = "strata.@CONTEXT@.replies.";
export const SERVICE_GROUP = "@CONTEXT@-service";

export function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** A transport that can be closed: its consumer keeps the process alive. */
export type KafkaTransport = Transport & { close(): Promise<void> };

/**
 * Produces each call to the request topic and waits for its reply on this client's
 * reply topic; connects on the first call. `token` makes each call's bearer token;
 * undefined sends none.
 */
export function kafkaTransport(servers?: string, timeoutMs = 10_000, token: () => string | undefined = () => issueToken()): KafkaTransport {
  const pending = new Map<string, (reply: Reply) => void>();
  const replyTopic = namespaced(REPLY_TOPIC_PREFIX) + randomUUID().replaceAll("-", "");
  let started: Promise<Producer> | undefined;
  const closers: (() => Promise<void>)[] = [];
  const start = async (): Promise<Producer> => {
    const client = await kafka(servers ?? bootstrap());
    await ensureTopic(client, replyTopic);
    const consumer = client.consumer({ groupId: replyTopic, maxWaitTimeInMs: 10 });
    await consumer.connect();
    // A fresh topic read from its start: no reply can come before.
    await consumer.subscribe({ topic: replyTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const correlation = header(message.headers, "correlation-id") ?? "";
        const resolve = pending.get(correlation);
        pending.delete(correlation);
        resolve?.({ status: Number(header(message.headers, "status") ?? "500"), body: message.value?.toString("utf8") ?? "" });
      },
    });
    const producer = client.producer();
    await producer.connect();
    closers.push(() => consumer.disconnect(), () => producer.disconnect());
    return producer;
  };
  const transport = async (method: string, body: string): Promise<Reply> => {
    started ??= start();
    const producer = await started;
    const correlation = randomUUID().replaceAll("-", "");
    const headers: IHeaders = { method, "correlation-id": correlation, "reply-to": replyTopic };
    const bearer = token();
    if (bearer !== undefined) headers["authorization"] = `Bearer ${bearer}`;
    const reply = new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(correlation);
        resolve({ status: 504, body: JSON.stringify({ error: { kind: "timeout", message: `no reply to ${method} in ${timeoutMs / 1000} s` } }) });
      }, timeoutMs);
      pending.set(correlation, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
    await producer.send({ topic: namespaced(REQUEST_TOPIC), messages: [{ key: correlation, value: body, headers }] });
    return reply;
  };
  return Object.assign(transport, {
    close: async (): Promise<void> => {
      for (const close of closers.splice(0)) await close();
    },
  });
}

/** The split service's client through the brokers at `servers` or $STRATA_KAFKA_BOOTSTRAP. */
export function kafkaClient(servers?: string): @CLIENT@ {
  return new @CLIENT@(kafkaTransport(servers));
}
)";
  return ts_subst(out, {{"@CLIENT@", n.pascal + "Client"}, {"@CONTEXT@", c.context}});
}

std::string ts_kafka_server_module(const Contract& c, const TsNames& n) {
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " service over Kafka (kafkajs): consumes the request topic in the\n"
             "// service's consumer group, checks each call's JWT (401 without a valid one), "
             "runs it\n// through the contract's dispatcher and produces the reply to the "
             "caller's topic.");
  out += R"(import type { KafkaMessage, Producer } from "kafkajs";
import type { @PORT@ } from "@API@";

import { checkAuthorization, UNAUTHORIZED } from "./auth.js";
import { dispatch, type Reply } from "./codec.js";
import { secondsSince, type Metrics } from "./http-server.js";
import { header, REQUEST_TOPIC, SERVICE_GROUP } from "./kafka-client.js";
import { ensureTopic, kafka, namespaced } from "./kafka-events.js";

export interface KafkaServer {
  /** Whether the consumer has its partition: calls are being served. */
  ready(): boolean;
  stop(): Promise<void>;
}

async function answer(service: @PORT@, metrics: Metrics, message: KafkaMessage, producer: Producer): Promise<void> {
  const method = header(message.headers, "method") ?? "";
  const replyTo = header(message.headers, "reply-to");
  const correlation = header(message.headers, "correlation-id");
  if (replyTo === undefined || correlation === undefined) return; // nowhere to answer
  const started = process.hrtime.bigint();
  const reply: Reply = checkAuthorization(header(message.headers, "authorization"))
    ? await dispatch(service, method, message.value?.toString("utf8") ?? "")
    : { status: 401, body: UNAUTHORIZED };
  metrics.observe(method, reply.status, secondsSince(started));
  await producer.send({
    topic: replyTo,
    messages: [{ key: correlation, value: reply.body, headers: { "correlation-id": correlation, status: String(reply.status) } }],
  });
}

/** Starts serving calls from the request topic at the brokers `servers`. */
export async function startKafkaServer(service: @PORT@, metrics: Metrics, servers: string): Promise<KafkaServer> {
  const client = await kafka(servers);
  const topic = namespaced(REQUEST_TOPIC);
  await ensureTopic(client, topic);
  const consumer = client.consumer({ groupId: namespaced(SERVICE_GROUP), maxWaitTimeInMs: 10 });
  const producer = client.producer();
  let ready = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    ready = true;
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: ({ message }) => answer(service, metrics, message, producer) });
  return {
    ready: () => ready,
    stop: async () => {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
)";
  return ts_subst(out, {{"@PORT@", c.port}, {"@API@", n.package("api")}});
}

std::string ts_kafka_main_module(const std::string& health_path) {
  std::string out =
      "// Serves the service: calls from Kafka at $STRATA_KAFKA_BOOTSTRAP, and the health "
      "path\n// (503 until the consumer has its partition) and /metrics over HTTP on "
      "127.0.0.1:$PORT\n// (HOST overrides the address). The project's serve target.\n//\n"
      "// Generated by `strata split`; run it again instead of editing this file.\n";
  out += R"(import { createHealthServer, Metrics } from "./http-server.js";
import { bootstrap, serviceOutbox } from "./kafka-events.js";
import { startKafkaServer, type KafkaServer } from "./kafka-server.js";
import { makeService } from "./wiring.js";

const HEALTH_PATH = @HEALTH@;

function main(): void {
@PORT_CHECK@  const host = process.env["HOST"] ?? "127.0.0.1";
  const metrics = new Metrics();
  let kafka: KafkaServer | undefined;
  // 503 on the health path until the consumer has its partition.
  const health = createHealthServer(metrics, HEALTH_PATH, () => kafka?.ready() ?? false);
  health.listen(Number(port), host);
  startKafkaServer(makeService(serviceOutbox()), metrics, bootstrap()).then(
    (server) => {
      kafka = server;
    },
    (e: unknown) => {
      console.error(`cannot serve from Kafka: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      health.closeAllConnections();
      health.close();
      void (kafka?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
    });
  }
}

main();
)";
  return ts_subst(out, {{"@HEALTH@", ts_quoted(health_path)},
                        {"@PORT_CHECK@", ts_main_port_check("health and metrics on")}});
}

std::string ts_kafka_contract_tests(const Contract& c, const TsNames& n) {
  // The HTTP suite's helpers and scenario, up to its refusals (those are
  // the codec's, the same on every transport, and run by the HTTP suite).
  std::string head = ts_subst(
      ts_remote_tests_head(
          c, n,
          "import { @CLIENT@, localClient, ServiceCallError } from \"./codec.js\";\n"
          "import { kafkaTransport, type KafkaTransport } from \"./kafka-client.js\";"),
      {{"const MISSING_ID = \"missing-id\";\n",
        "const MISSING_ID = \"missing-id\";\nconst BOOTSTRAP = "
        "process.env[\"STRATA_KAFKA_BOOTSTRAP\"] "
        "?? \"\";\n// Topics of their own, apart from any service running on the same broker.\n"
        "process.env[\"STRATA_KAFKA_NAMESPACE\"] = "
        "`contract-tests-${process.pid}-${Date.now()}.`;\n"}});
  std::string out = ts_module_comment(
      c, "Contract tests of the " + c.context +
             " context over Kafka: the same calls through the in-process\n"
             "// client and through the Kafka client, with the service started as its own "
             "process on the\n// brokers at $STRATA_KAFKA_BOOTSTRAP, give the same results; "
             "calls without a valid token\n// are refused (401); /metrics counts them. Without "
             "a broker the remote tests are skipped.");
  out += head;
  out += R"(async function statusOf(token: () => string | undefined): Promise<number> {
  const transport = kafkaTransport(BOOTSTRAP, 10_000, token);
  try {
    return (await transport("@FIRST@", "{}")).status;
  } finally {
    await transport.close();
  }
}

describe("the @CONTEXT@ contract over Kafka", { skip: BOOTSTRAP.length === 0 ? "STRATA_KAFKA_BOOTSTRAP is not set: no broker" : false }, () => {
  let child: ChildProcess | undefined;
  let url = "";
  let transport: KafkaTransport | undefined;

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [fileURLToPath(new URL("./main.js", import.meta.url))], {
      env: { ...process.env, PORT: String(port), STRATA_SERVICE_JWT_KEY: KEY },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitListening(url, child);
    const deadline = Date.now() + 60_000;
    while ((await fetch(`${url}/health`)).status !== 200) {
      if (Date.now() > deadline) throw new Error("the service's consumer got no partition in 60 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  after(async () => {
    await transport?.close();
    child?.kill("SIGTERM");
  });

  it("gives the same results in process and over Kafka", async () => {
    transport = kafkaTransport(BOOTSTRAP);
    const local = await scenario(localClient(makeService()));
    const remote = await scenario(new @CLIENT@(transport));
    assert.deepEqual(remote, local);
    assert.ok(local.some((line) => line.startsWith("ok")));
  });
)";
  out += ts_events_in_process_test();
  out += ts_token_tests("statusOf(", false);
  out += R"(
  it("counts calls per method on /metrics", async () => {
    const response = await fetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /strata_service_requests_total\{service="@CONTEXT@",method="@FIRST@",status="401"\} \d+/);
  });
});
)";
  return ts_subst(out, {{"@FIRST@", c.methods.empty() ? "" : c.methods.front().name},
                        {"@CONTEXT@", c.context},
                        {"@CLIENT@", n.pascal + "Client"}});
}

}  // namespace strata::service
