// TypeScript for the grpc transport, written as templates with @NAME@
// holes. What depends on the contract is the table of methods and, per
// message, how each field reads when the decoded message lacks it (proto3
// leaves zero values and absent optionals off the wire alike).

#include "service/typescript_grpc_emitter.h"

#include "service/proto_emitter.h"
#include "service/typescript_events_emitter.h"
#include "service/typescript_text.h"

namespace strata::service {

namespace {

using K = TypeRef::Kind;

// `name?: T` (its type reads "T | undefined"): left out when absent.
bool omittable(const TypeRef& t) {
  size_t at = 0;
  while (at <= t.text.size()) {
    size_t bar = t.text.find('|', at);
    std::string part = t.text.substr(at, bar == std::string::npos ? std::string::npos : bar - at);
    size_t b = part.find_first_not_of(' '), e = part.find_last_not_of(' ');
    if (b != std::string::npos && part.substr(b, e - b + 1) == "undefined") return true;
    if (bar == std::string::npos) break;
    at = bar + 1;
  }
  return false;
}

std::string zero_of(const TypeRef& t) {
  switch (t.kind) {
    case K::k_str:
      return "\"\"";
    case K::k_int:
    case K::k_float:
      return "0";
    case K::k_bool:
      return "false";
    default:
      return "null";
  }
}

// One row of the table: { name, absent, zero, message }.
std::string spec(const std::string& name, const TypeRef& t, bool omit) {
  const TypeRef& inner =
      (t.kind == K::k_list || t.kind == K::k_tuple || t.kind == K::k_optional) && !t.args.empty()
          ? t.args[0]
          : t;
  std::string absent = omit                                          ? "omit"
                       : t.kind == K::k_list || t.kind == K::k_tuple ? "many"
                       : t.kind == K::k_optional                     ? "null"
                                                                     : "zero";
  std::string message = inner.kind == K::k_dto ? inner.name : "";
  return "{ name: \"" + name + "\", absent: \"" + absent + "\", zero: " + zero_of(inner) +
         ", message: \"" + message + "\" }";
}

std::string row(const std::string& message, const std::vector<std::string>& specs) {
  std::string out = "  [\"" + message + "\", [";
  for (size_t i = 0; i < specs.size(); ++i) out += (i ? ", " : "") + specs[i];
  return out + "]],\n";
}

std::string field_rows(const std::string& message, const std::vector<Field>& fields) {
  std::vector<std::string> specs;
  for (const auto& f : fields)
    if (f.type.kind != K::k_none) specs.push_back(spec(f.name, f.type, omittable(f.type)));
  return row(message, specs);
}

bool is_outcome(const TypeRef& t) {
  return t.kind == K::k_dto && t.name == "Result" && t.args.size() == 1;
}

std::string message_table(const Contract& c, std::string& outcomes) {
  std::string out;
  for (const auto& d : c.dtos) out += field_rows(d.name, d.fields);
  for (const auto& m : c.methods) {
    std::string rpc = proto_rpc_name(m.name);
    out += field_rows(rpc + "Call", m.params);
    if (is_outcome(m.returns)) {
      std::vector<std::string> specs = {spec("ok", TypeRef{K::k_bool, "", {}, "boolean"}, false)};
      if (m.returns.args[0].kind != K::k_none)
        specs.push_back(spec("value", m.returns.args[0], false));
      specs.push_back(spec("error", TypeRef{K::k_dto, "ErrorDto", {}, "ErrorDto"}, true));
      out += row(rpc + "Outcome", specs);
      out +=
          row(rpc + "Result", {spec("result", TypeRef{K::k_dto, rpc + "Outcome", {}, ""}, false)});
      outcomes += std::string(outcomes.empty() ? "" : ", ") + "\"" + rpc + "Outcome\"";
    } else {
      out += field_rows(rpc + "Result", {Field{"result", m.returns, ""}});
    }
  }
  return out;
}

std::string methods_table(const Contract& c) {
  std::string out;
  for (const auto& m : c.methods) {
    std::string rpc = proto_rpc_name(m.name);
    out +=
        "  [\"" + m.name + "\", [\"" + rpc + "\", \"" + rpc + "Call\", \"" + rpc + "Result\"]],\n";
  }
  return out;
}

}  // namespace

std::string ts_grpc_wire_module(const Contract& c, const std::string& proto_from_dist) {
  std::string outcomes;
  std::string messages = message_table(c, outcomes);
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " contract's gRPC wire: @grpc/proto-loader loads the generated .proto\n"
             "// at run time, and each decoded message maps back to the contract's JSON value "
             "by the\n// table below (proto3 leaves zero values and absent optionals off the "
             "wire alike).");
  out += R"(import { fileURLToPath } from "node:url";

import { loadSync, type MethodDefinition, type ServiceDefinition } from "@grpc/proto-loader";

import type { Json } from "./codec.js";

export const PROTO = fileURLToPath(new URL("@PROTO@", import.meta.url));
export const SERVICE = "@SERVICE@";
/** Each method of the port: its rpc, call message and result message. */
export const METHODS: ReadonlyMap<string, readonly [string, string, string]> = new Map<string, readonly [string, string, string]>([
@METHODS@]);

/** How a field the decoded message lacks reads: its type's zero, [], null, or left out. */
type Absent = "zero" | "many" | "null" | "omit";
interface FieldSpec {
  readonly name: string;
  readonly absent: Absent;
  readonly zero: Json;
  readonly message: string;
}
const MESSAGES: ReadonlyMap<string, readonly FieldSpec[]> = new Map<string, readonly FieldSpec[]>([
@MESSAGES@]);
/** The messages carrying a Result<T>: the value when ok, the error otherwise. */
const OUTCOMES: ReadonlySet<string> = new Set<string>([@OUTCOMES@]);

const DEFINITION = loadSync(PROTO, { keepCase: true, longs: Number, enums: String, defaults: false, arrays: true });

/** The rpc's definition: its path and its messages' (de)serialisers. */
export function rpcDefinition(rpc: string): MethodDefinition<object, object> {
  const found = serviceDefinition()[rpc];
  if (found === undefined) throw new Error(`${PROTO} has no rpc ${rpc}`);
  return found;
}

export function serviceDefinition(): ServiceDefinition {
  return DEFINITION[SERVICE] as ServiceDefinition;
}

function fieldsOf(value: unknown): { readonly [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { readonly [key: string]: unknown }) : {};
}

/** The contract's JSON value of a decoded message of type `type`. */
export function fromMessage(type: string, value: unknown): Json {
  const data = fieldsOf(value);
  const out: { [key: string]: Json } = {};
  for (const field of MESSAGES.get(type) ?? []) {
    const got = data[field.name];
    if (got === undefined || got === null || (field.absent === "omit" && Array.isArray(got) && got.length === 0)) {
      if (field.absent === "omit") continue;
      if (field.absent === "many") out[field.name] = [];
      else if (field.absent === "null") out[field.name] = null;
      else out[field.name] = field.message === "" ? field.zero : fromMessage(field.message, {});
    } else if (field.message === "") {
      out[field.name] = got as Json;
    } else if (Array.isArray(got)) {
      out[field.name] = got.map((item: unknown) => fromMessage(field.message, item));
    } else {
      out[field.name] = fromMessage(field.message, got);
    }
  }
  if (OUTCOMES.has(type)) {
    if (out["ok"] === true) delete out["error"];
    else delete out["value"];
  }
  return out;
}
)";
  return ts_subst(out, {{"@PROTO@", proto_from_dist},
                        {"@SERVICE@", proto_service_name(c)},
                        {"@METHODS@", methods_table(c)},
                        {"@MESSAGES@", messages},
                        {"@OUTCOMES@", outcomes}});
}

std::string ts_grpc_client_module(const Contract& c, const TsNames& n) {
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " service's gRPC client: the port over a channel, each call a unary\n"
             "// rpc carrying a fresh JWT in its `authorization` metadata; gRPC status codes "
             "come back\n// as the statuses the contract's errors carry.");
  out +=
      R"(import { Client, credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";

import { issueToken } from "./auth.js";
import { @CLIENT@, type Reply, type Transport } from "./codec.js";
import { fromMessage, METHODS, rpcDefinition } from "./grpc-wire.js";

export const URL_VARIABLE = "STRATA_SERVICE_@UPPER@_URL";
// gRPC status codes back to the statuses the contract's errors carry.
const STATUSES: ReadonlyMap<number, number> = new Map<number, number>([
  [status.INVALID_ARGUMENT, 400],
  [status.UNAUTHENTICATED, 401],
  [status.NOT_FOUND, 404],
  [status.UNIMPLEMENTED, 404],
  [status.FAILED_PRECONDITION, 422],
  [status.UNAVAILABLE, 503],
  [status.DEADLINE_EXCEEDED, 504],
]);

function failed(code: number, kind: string, message: string): Reply {
  return { status: code, body: JSON.stringify({ error: { kind, message } }) };
}

/** The server puts the contract's JSON error in the details; anything else
 * (the channel's own errors) becomes one. */
function errorReply(error: ServiceError): Reply {
  const code = STATUSES.get(error.code) ?? 500;
  try {
    const parsed: unknown = JSON.parse(error.details);
    if (typeof parsed === "object" && parsed !== null && "error" in parsed) return { status: code, body: error.details };
  } catch {
    // Not the contract's error: the channel's own.
  }
  return failed(code, (status[error.code] ?? "unknown").toLowerCase(), error.details);
}

/**
 * Sends each call as its unary rpc to TARGET (HOST:PORT). `token` makes the bearer
 * token of each call; undefined sends none.
 */
export function grpcTransport(target: string, timeoutMs = 10_000, token: () => string | undefined = () => issueToken()): Transport {
  const client = new Client(target, credentials.createInsecure());
  return (method, body) => {
    const found = METHODS.get(method);
    if (found === undefined) return Promise.resolve(failed(404, "unknown_method", `no method ${method}`));
    const [rpc, , result] = found;
    const definition = rpcDefinition(rpc);
    let request: Buffer;
    try {
      request = definition.requestSerialize(JSON.parse(body) as object);
    } catch (e: unknown) {
      return Promise.resolve(failed(400, "bad_request", e instanceof Error ? e.message : String(e)));
    }
    const metadata = new Metadata();
    const bearer = token();
    if (bearer !== undefined) metadata.set("authorization", `Bearer ${bearer}`);
    return new Promise<Reply>((resolve) => {
      client.makeUnaryRequest(
        definition.path,
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => definition.responseDeserialize(bytes),
        request,
        metadata,
        { deadline: Date.now() + timeoutMs },
        (error: ServiceError | null, value?: object) => {
          if (error !== null) resolve(errorReply(error));
          else resolve({ status: 200, body: JSON.stringify(fromMessage(result, value)) });
        },
      );
    });
  };
}

/** The split service's client, at `target` (HOST:PORT) or $STRATA_SERVICE_@UPPER@_URL. */
export function grpcClient(target?: string): @CLIENT@ {
  const address = target ?? process.env[URL_VARIABLE] ?? "";
  if (address.length === 0) throw new Error(`${URL_VARIABLE} is not set: where the service listens`);
  return new @CLIENT@(grpcTransport(address));
}
)";
  return ts_subst(out, {{"@CLIENT@", n.pascal + "Client"}, {"@UPPER@", n.upper}});
}

std::string ts_grpc_server_module(const Contract& c, const TsNames& n) {
  std::string out = ts_module_comment(
      c, "The " + c.context +
             " service over gRPC: each rpc runs the call through the contract's\n"
             "// dispatcher once the JWT in its metadata is checked (UNAUTHENTICATED without "
             "one); the\n// contract's errors travel as status codes with the JSON error in "
             "the details. Health\n// and /metrics answer over HTTP (http-server.ts), where "
             "supervisors look.");
  out +=
      R"(import { Server, status, type handleUnaryCall, type UntypedServiceImplementation } from "@grpc/grpc-js";
import type { @PORT@ } from "@API@";

import { checkAuthorization, UNAUTHORIZED } from "./auth.js";
import { dispatch } from "./codec.js";
import { fromMessage, METHODS, serviceDefinition } from "./grpc-wire.js";
import { secondsSince, type Metrics } from "./http-server.js";

// The statuses the dispatcher answers with, as gRPC status codes.
const CODES: ReadonlyMap<number, status> = new Map<number, status>([
  [400, status.INVALID_ARGUMENT],
  [404, status.NOT_FOUND],
  [422, status.FAILED_PRECONDITION],
]);

function handler(service: @PORT@, metrics: Metrics, method: string, message: string): handleUnaryCall<object, object> {
  return (call, callback) => {
    const started = process.hrtime.bigint();
    const header = call.metadata.get("authorization")[0];
    if (!checkAuthorization(typeof header === "string" ? header : undefined)) {
      metrics.observe(method, 401, secondsSince(started));
      callback({ code: status.UNAUTHENTICATED, details: UNAUTHORIZED });
      return;
    }
    dispatch(service, method, JSON.stringify(fromMessage(message, call.request))).then(
      (reply) => {
        metrics.observe(method, reply.status, secondsSince(started));
        if (reply.status === 200) callback(null, JSON.parse(reply.body) as object);
        else callback({ code: CODES.get(reply.status) ?? status.UNKNOWN, details: reply.body });
      },
      (e: unknown) => {
        metrics.observe(method, 500, secondsSince(started));
        callback({ code: status.INTERNAL, details: e instanceof Error ? e.message : String(e) });
      },
    );
  };
}

/** The service's gRPC server, not yet bound. */
export function createGrpcServer(service: @PORT@, metrics: Metrics): Server {
  const implementation: UntypedServiceImplementation = {};
  for (const [method, [rpc, call]] of METHODS) implementation[rpc] = handler(service, metrics, method, call);
  const server = new Server();
  server.addService(serviceDefinition(), implementation);
  return server;
}
)";
  return ts_subst(out, {{"@PORT@", c.port}, {"@API@", n.package("api")}});
}

std::string ts_grpc_main_module(const std::string& health_path) {
  std::string out =
      "// Serves the service: gRPC on 127.0.0.1:$GRPC_PORT (default $PORT + 1), and the "
      "health\n// path and /metrics over HTTP on $PORT once gRPC is bound (HOST overrides the "
      "address).\n// The project's serve target. The service's events go to Kafka when "
      "$STRATA_KAFKA_BOOTSTRAP\n// names the brokers, and stay in process otherwise.\n//\n"
      "// Generated by `strata split`; run it again instead of editing this file.\n";
  out += R"(import { ServerCredentials } from "@grpc/grpc-js";

import { createGrpcServer } from "./grpc-server.js";
import { createHealthServer, Metrics } from "./http-server.js";
import { serviceOutbox } from "./kafka-events.js";
import { makeService } from "./wiring.js";

const HEALTH_PATH = @HEALTH@;

function main(): void {
@PORT_CHECK@  const grpcPort = process.env["GRPC_PORT"] || String(Number(port) + 1);
  const host = process.env["HOST"] ?? "127.0.0.1";
  const metrics = new Metrics();
  const grpc = createGrpcServer(makeService(serviceOutbox()), metrics);
  grpc.bindAsync(`${host}:${grpcPort}`, ServerCredentials.createInsecure(), (error) => {
    if (error !== null) {
      console.error(`cannot serve gRPC on ${host}:${grpcPort}: ${error.message}`);
      process.exit(1);
    }
    const health = createHealthServer(metrics, HEALTH_PATH);
    health.listen(Number(port), host);
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.on(signal, () => {
        grpc.forceShutdown();
        health.closeAllConnections();
        health.close(() => process.exit(0));
      });
    }
  });
}

main();
)";
  return ts_subst(out, {{"@HEALTH@", ts_quoted(health_path)},
                        {"@PORT_CHECK@", ts_main_port_check("health and metrics on")}});
}

std::string ts_grpc_contract_tests(const Contract& c, const TsNames& n) {
  // The HTTP suite's helpers and scenario, up to its refusals (a malformed
  // JSON body never reaches a gRPC server: the client cannot encode it).
  std::string head =
      ts_remote_tests_head(c, n,
                           "import { localClient, ServiceCallError } from \"./codec.js\";\n"
                           "import { grpcClient, grpcTransport } from \"./grpc-client.js\";");
  std::string out = ts_module_comment(
      c, "Contract tests of the " + c.context +
             " context over gRPC: the same calls through the in-process\n"
             "// client and through the gRPC client, with the service started as its own "
             "process, give\n// the same results; calls without a valid token are refused "
             "(UNAUTHENTICATED); health and\n// /metrics answer over HTTP.");
  out += head;
  out +=
      R"(async function statusOf(target: string, token: () => string | undefined): Promise<number> {
  const reply = await grpcTransport(target, 10_000, token)("@FIRST@", "{}");
  return reply.status;
}

describe("the @CONTEXT@ contract over gRPC", () => {
  let child: ChildProcess | undefined;
  let url = "";
  let target = "";

  before(async () => {
    const port = await freePort();
    const grpcPort = await freePort();
    url = `http://127.0.0.1:${port}`;
    target = `127.0.0.1:${grpcPort}`;
    child = spawn(process.execPath, [fileURLToPath(new URL("./main.js", import.meta.url))], {
      env: { ...process.env, PORT: String(port), GRPC_PORT: String(grpcPort), STRATA_SERVICE_JWT_KEY: KEY },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitListening(url, child);
  });

  after(() => {
    child?.kill("SIGTERM");
  });

  it("gives the same results in process and over gRPC", async () => {
    const local = await scenario(localClient(makeService()));
    const remote = await scenario(grpcClient(target));
    assert.deepEqual(remote, local);
    assert.ok(local.some((line) => line.startsWith("ok")));
  });
)";
  out += ts_events_in_process_test();
  out += ts_token_tests("statusOf(target, ", true);
  out += R"(
  it("counts calls and their latency per method on /metrics", async () => {
    const response = await fetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /strata_service_requests_total\{service="@CONTEXT@",method="@FIRST@",status="401"\} \d+/);
    assert.match(text, /strata_service_request_duration_seconds_bucket\{service="@CONTEXT@",method="@FIRST@",le="\+Inf"\} \d+/);
  });
});
)";
  return ts_subst(out, {{"@FIRST@", c.methods.empty() ? "" : c.methods.front().name},
                        {"@CONTEXT@", c.context}});
}

}  // namespace strata::service
