// The TypeScript adapters generated around the codec: JWT auth on
// node:crypto, the fetch client, the server on Node's own `http` module
// with its Prometheus metrics, the wiring of the application service and
// the service's entry point. Most of their text does not depend on the
// contract: raw text with @NAME@ placeholders.

#include "service/typescript_emitter.h"
#include "service/typescript_text.h"

namespace strata::service {

std::string ts_auth_module(const Contract& c) {
  std::string out = ts_module_comment(
      c,
      "Service-to-service authentication: every remote call carries a JWT (HS256) with\n"
      "// this issuer, the called service as audience and an expiry, signed with the key in\n"
      "// STRATA_SERVICE_JWT_KEY (node:crypto, no library); a call without a valid one is\n"
      "// refused with 401.");
  out += R"(import { createHmac, timingSafeEqual } from "node:crypto";

export const ISSUER = "strata";
export const AUDIENCE = "@CONTEXT@-service";
export const KEY_VARIABLE = "STRATA_SERVICE_JWT_KEY";
export const LIFETIME_SECONDS = 300;
/** The body every server refuses a call without a valid token with. */
export const UNAUTHORIZED = JSON.stringify({ error: { kind: "unauthorized", message: "a valid token is required" } });

export function signingKey(): string {
  const key = process.env[KEY_VARIABLE] ?? "";
  if (key.length === 0) throw new Error(`${KEY_VARIABLE} is not set: services sign and check calls with it`);
  return key;
}

function sign(input: string, key: string): Buffer {
  return createHmac("sha256", key).update(input).digest();
}

function part(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export interface TokenOptions {
  readonly audience?: string;
  readonly key?: string;
  readonly lifetimeSeconds?: number;
}

export function issueToken(options: TokenOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: ISSUER,
    aud: options.audience ?? AUDIENCE,
    iat: now,
    exp: now + (options.lifetimeSeconds ?? LIFETIME_SECONDS),
  };
  const input = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
  return `${input}.${sign(input, options.key ?? signingKey()).toString("base64url")}`;
}

function decodePart(text: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Readonly<Record<string, unknown>>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an Authorization header carries a valid token for this service. */
export function checkAuthorization(header: string | undefined): boolean {
  const key = process.env[KEY_VARIABLE] ?? "";
  if (key.length === 0 || header === undefined || !header.startsWith("Bearer ")) return false;
  const [head, body, signature, ...rest] = header.slice("Bearer ".length).split(".");
  if (head === undefined || body === undefined || signature === undefined || rest.length > 0) return false;
  if (decodePart(head)?.["alg"] !== "HS256") return false;
  const expected = sign(`${head}.${body}`, key);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const claims = decodePart(body);
  if (claims === undefined) return false;
  const audience = claims["aud"];
  const audiences = Array.isArray(audience) ? audience : [audience];
  const expiry = claims["exp"];
  return (
    claims["iss"] === ISSUER &&
    audiences.includes(AUDIENCE) &&
    typeof expiry === "number" &&
    expiry > Date.now() / 1000
  );
}
)";
  return ts_subst(out, {{"@CONTEXT@", c.context}});
}

std::string ts_http_client_module(const Contract& c, const TsNames& n) {
  std::string out =
      ts_module_comment(c, "The " + c.context +
                               " service's remote client: the port over HTTP (fetch), each\n"
                               "// call a POST to /rpc/METHOD carrying a fresh JWT.");
  out += R"(import { issueToken } from "./auth.js";
import { @CLIENT@, type Transport } from "./codec.js";

export const URL_VARIABLE = "STRATA_SERVICE_@UPPER@_URL";

/** Posts each call to BASE/rpc/METHOD with a bearer token. */
export function httpTransport(baseUrl: string, timeoutMs = 10_000): Transport {
  const base = baseUrl.replace(/\/+$/, "");
  return async (method, body) => {
    const response = await fetch(`${base}/rpc/${method}`, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${issueToken()}`, "content-type": "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  };
}

/** The split service's client, at `baseUrl` or $STRATA_SERVICE_@UPPER@_URL. */
export function httpClient(baseUrl?: string): @CLIENT@ {
  const url = baseUrl ?? process.env[URL_VARIABLE] ?? "";
  if (url.length === 0) throw new Error(`${URL_VARIABLE} is not set: where the service listens`);
  return new @CLIENT@(httpTransport(url));
}
)";
  return ts_subst(out, {{"@CLIENT@", n.pascal + "Client"}, {"@UPPER@", n.upper}});
}

std::string ts_http_server_module(const Contract& c, const TsNames& n) {
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " service over HTTP on Node's own `http` module: POST /rpc/METHOD\n"
             "// runs the call through the contract's dispatcher once the caller's JWT is "
             "checked;\n// GET on the health path answers supervisors; GET /metrics "
             "answers Prometheus. The\n// metrics and the health server are the grpc and "
             "kafka transports' too.");
  out +=
      R"(import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

import type { @PORT@ } from "@API@";

import { checkAuthorization, UNAUTHORIZED } from "./auth.js";
import { dispatch, METHOD_NAMES } from "./codec.js";

const MAX_BODY_BYTES = 1024 * 1024;
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The seconds since `started` (process.hrtime.bigint()), for Metrics.observe. */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Series {
  readonly buckets: number[];
  sum: number;
  count: number;
}

/** Calls served, by method and status, and their latency, by method. */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Series>();

  observe(method: string, status: number, seconds: number): void {
    const key = `method="${method}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let series = this.latency.get(method);
    if (series === undefined) {
      series = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(method, series);
    }
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound && series !== undefined) series.buckets[i] = (series.buckets[i] ?? 0) + 1;
    });
    series.sum += seconds;
    series.count += 1;
  }

  /** The Prometheus text format. */
  render(): string {
    const lines = [
      "# HELP strata_service_requests_total Calls served, by method and status.",
      "# TYPE strata_service_requests_total counter",
    ];
    for (const [labels, count] of [...this.requests].sort()) {
      lines.push(`strata_service_requests_total{service="@CONTEXT@",${labels}} ${count}`);
    }
    lines.push(
      "# HELP strata_service_request_duration_seconds Time to serve a call, by method.",
      "# TYPE strata_service_request_duration_seconds histogram",
    );
    for (const [method, series] of [...this.latency].sort(([a], [b]) => a.localeCompare(b))) {
      const labels = `service="@CONTEXT@",method="${method}"`;
      BUCKETS.forEach((bound, i) => {
        lines.push(`strata_service_request_duration_seconds_bucket{${labels},le="${bound}"} ${series.buckets[i] ?? 0}`);
      });
      lines.push(`strata_service_request_duration_seconds_bucket{${labels},le="+Inf"} ${series.count}`);
      lines.push(`strata_service_request_duration_seconds_sum{${labels}} ${series.sum}`);
      lines.push(`strata_service_request_duration_seconds_count{${labels}} ${series.count}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

export interface ServerOptions {
  /** The path supervisors probe (the topology's health.path). */
  readonly healthPath: string;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body);
}

function sendMetrics(res: ServerResponse, metrics: Metrics): void {
  res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
  res.end(metrics.render());
}

function notFound(res: ServerResponse, path: string): void {
  send(res, 404, JSON.stringify({ error: { kind: "not_found", message: path } }));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function call(service: @PORT@, metrics: Metrics, req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
  const started = process.hrtime.bigint();
  const label = METHOD_NAMES.includes(method) ? method : "unknown";
  const answer = (status: number, body: string, headers: Record<string, string> = {}): void => {
    send(res, status, body, headers);
    metrics.observe(label, status, secondsSince(started));
  };
  if (!checkAuthorization(req.headers.authorization)) {
    answer(401, UNAUTHORIZED, { "www-authenticate": "Bearer" });
    return;
  }
  const body = await readBody(req);
  if (body === undefined) {
    answer(413, JSON.stringify({ error: { kind: "too_large", message: `the body is over ${MAX_BODY_BYTES} bytes` } }));
    return;
  }
  const reply = await dispatch(service, method, body);
  answer(reply.status, reply.body);
}

async function route(service: @PORT@, options: ServerOptions, metrics: Metrics, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
  const verb = req.method ?? "GET";
  if (path === options.healthPath || path === "/metrics") {
    if (verb !== "GET") return send(res, 405, "{}", { allow: "GET" });
    if (path === "/metrics") return sendMetrics(res, metrics);
    return send(res, 200, JSON.stringify({ status: "ok" }));
  }
  if (path.startsWith("/rpc/")) {
    if (verb !== "POST") return send(res, 405, "{}", { allow: "POST" });
    return call(service, metrics, req, res, decodeURIComponent(path.slice("/rpc/".length)));
  }
  notFound(res, path);
}

/** The service's HTTP server, not yet listening. */
export function createServiceServer(service: @PORT@, options: ServerOptions): Server {
  const metrics = new Metrics();
  return createServer((req, res) => {
    route(service, options, metrics, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: { kind: "internal", message: "internal error" } }));
      else res.end();
    });
  });
}

/**
 * The health path and GET /metrics over HTTP, where supervisors look, for a service
 * whose calls come another way (gRPC, Kafka): 503 on the health path until `ready`.
 */
export function createHealthServer(metrics: Metrics, healthPath: string, ready: () => boolean = () => true): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (path === "/metrics") return sendMetrics(res, metrics);
    if (path !== healthPath) return notFound(res, path);
    const up = ready();
    send(res, up ? 200 : 503, JSON.stringify({ status: up ? "ok" : "starting" }));
  });
}
)";
  return ts_subst(out, {{"@PORT@", c.port}, {"@API@", n.package("api")}, {"@CONTEXT@", c.context}});
}

std::string ts_wiring_module(const Contract& c, const TsNames& n) {
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " context's application service with its in-memory "
             "adapters: what the\n// service serves, and what the monolith "
             "calls while the context is local, its events leaving through the outbox.");
  out += "import type { " + c.port + " } from \"" + n.package("api") + "\";\n";
  out += "import { createInMemory" + c.port + " } from \"" + n.package("infrastructure") + "\";\n";
  out += "\nimport { Outbox } from \"./outbox.js\";\n";
  // The outbox takes the place of the in-memory publisher: the context's
  // events reach the handlers subscribed in outbox.ts.
  out +=
      "\n/** The in-memory root types its publisher by its default; the service needs only the "
      "port. */\n";
  out += "type Publisher = NonNullable<Parameters<typeof createInMemory" + c.port + ">[0]>;\n";
  out += "\nexport function makeService(outbox: Outbox = new Outbox()): " + c.port +
         " {\n  return createInMemory" + c.port + "(outbox as unknown as Publisher);\n}\n";
  return out;
}

std::string ts_main_module(const std::string& health_path) {
  std::string out =
      "// Serves the service on 127.0.0.1:$PORT (HOST overrides the address): the project's\n"
      "// serve target. The health path is the topology's. The service's events go to Kafka\n"
      "// when $STRATA_KAFKA_BOOTSTRAP names the brokers, and stay in process otherwise.\n//\n"
      "// Generated by `strata split`; run it again instead of editing this file.\n";
  out += R"(import { createServiceServer } from "./http-server.js";
import { serviceOutbox } from "./kafka-events.js";
import { makeService } from "./wiring.js";

const HEALTH_PATH = @HEALTH@;

function main(): void {
@PORT_CHECK@  const host = process.env["HOST"] ?? "127.0.0.1";
  const server = createServiceServer(makeService(serviceOutbox()), { healthPath: HEALTH_PATH });
  server.listen(Number(port), host);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
  }
}

main();
)";
  return ts_subst(
      out, {{"@HEALTH@", ts_quoted(health_path)}, {"@PORT_CHECK@", ts_main_port_check("on")}});
}

std::string ts_remote_tests_head(const Contract& c, const TsNames& n,
                                 const std::string& client_imports) {
  std::string http = ts_contract_tests(c, n);
  size_t body = http.find("import assert");
  size_t cut = http.find("/** Malformed calls");
  return ts_subst(
      http.substr(body, cut - body),
      {{"import { dispatch, localClient, ServiceCallError, type Transport } from \"./codec.js\";\n"
        "import { httpClient, httpTransport } from \"./http-client.js\";",
        client_imports}});
}

std::string ts_token_tests(const std::string& status_of, bool every_claim) {
  auto refused = [&](const std::string& what, const std::string& token) {
    return "\n  it(\"" + what + "\", async () => {\n    assert.equal(await " + status_of +
           "() => " + token + "), 401);\n  });\n";
  };
  std::string out = refused("refuses a call without a token", "undefined");
  out += refused("refuses a token signed with another key",
                 "issueToken({ key: \"another-key-of-the-same-length-0123456789\" })");
  if (every_claim) {
    out += refused("refuses an expired token", "issueToken({ lifetimeSeconds: -60 })");
    out += refused("refuses a token for another service",
                   "issueToken({ audience: \"another-service\" })");
  }
  return out + "\n  it(\"takes a valid token\", async () => {\n    assert.notEqual(await " +
         status_of + "() => issueToken()), 401);\n  });\n";
}

}  // namespace strata::service
