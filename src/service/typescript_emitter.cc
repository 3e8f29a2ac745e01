// TypeScript modules generated from a contract. The parts that do not depend
// on the contract are raw text with @NAME@ placeholders; the codec, the
// dispatcher, the client and the test scenario are built per DTO and method.
// Types are printed as the api layer wrote them (TypeRef::text), so the
// client's signatures are the port's own.

#include "service/typescript_emitter.h"

#include <cctype>
#include <set>
#include <utility>

#include "service/typescript_events_emitter.h"
#include "service/typescript_text.h"

namespace strata::service {

namespace {

using K = TypeRef::Kind;

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// The alternatives of a union as written, outside brackets.
std::vector<std::string> alternatives(const std::string& text) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : '|';
    if (c == '(' || c == '[' || c == '{' || c == '<') ++depth;
    if (c == ')' || c == ']' || c == '}' || c == '>') --depth;
    if (c == '|' && depth == 0) {
      out.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

bool has_alternative(const TypeRef& t, const std::string& what) {
  for (const auto& a : alternatives(t.text))
    if (a == what) return true;
  return false;
}

// `"open", "closed"` for a union of string literals, "" for a plain string.
std::string literals(const TypeRef& t) {
  std::string out;
  for (auto a : alternatives(t.text)) {
    if (a == "null" || a == "undefined") continue;
    if (a.size() < 2 || (a.front() != '"' && a.front() != '\'')) return "";
    if (!out.empty()) out += ", ";
    out += '"';
    out.append(a, 1, a.size() - 2);
    out += '"';
  }
  return out;
}

bool is_result(const TypeRef& t) { return t.kind == K::k_dto && t.name == "Result"; }

std::string var(const char* prefix, int depth) { return prefix + std::to_string(depth); }

// The path expression of element `i` of the list at `path`.
std::string element_path(const std::string& path, const std::string& i) {
  std::string inner = path.size() > 1 && path.front() == '`' && path.back() == '`'
                          ? path.substr(1, path.size() - 2)
                          : "${" + path + "}";
  return "`" + inner + "[${" + i + "}]`";
}

// The value of type `t` read from the JSON value `v`; `path` is an
// expression naming where it is, for errors.
std::string decode(const TypeRef& t, const std::string& v, const std::string& path, int depth = 0) {
  std::string x = var("x", depth), p = var("p", depth), i = var("i", depth);
  switch (t.kind) {
    case K::k_str: {
      std::string lits = literals(t);
      if (lits.empty()) return "text(" + v + ", " + path + ")";
      return "oneOf(" + v + ", " + path + ", [" + lits + "] as const)";
    }
    case K::k_int:
      return "integer(" + v + ", " + path + ")";
    case K::k_float:
      return "num(" + v + ", " + path + ")";
    case K::k_bool:
      return "bool(" + v + ", " + path + ")";
    case K::k_none:
      return "nothing(" + v + ", " + path + ")";
    case K::k_dto:
      if (is_result(t))
        return "decodeResult(" + v + ", " + path + ", (" + x + ", " + p + ") => " +
               decode(t.args.at(0), x, p, depth + 1) + ")";
      return "decode" + t.name + "(" + v + ", " + path + ")";
    case K::k_list:
    case K::k_tuple:
      return "list(" + v + ", " + path + ").map((" + x + ", " + i + ") => " +
             decode(t.args.at(0), x, element_path(path, i), depth + 1) + ")";
    case K::k_optional:
      return "(" + v + " === null || " + v + " === undefined ? " +
             (has_alternative(t, "null") ? "null" : "undefined") + " : " +
             decode(t.args.at(0), v, path, depth) + ")";
    default:
      return v;
  }
}

// The JSON value of `e`, of type `t`.
std::string encode(const TypeRef& t, const std::string& e, int depth = 0) {
  std::string x = var("x", depth);
  switch (t.kind) {
    case K::k_dto:
      if (is_result(t))
        return "encodeResult(" + e + ", (" + x + ") => " + encode(t.args.at(0), x, depth + 1) + ")";
      return "encode" + t.name + "(" + e + ")";
    case K::k_list:
    case K::k_tuple:
      return e + ".map((" + x + ") => " + encode(t.args.at(0), x, depth + 1) + ")";
    case K::k_optional:
      return "(" + e + " === null || " + e +
             " === undefined ? null : " + encode(t.args.at(0), e, depth) + ")";
    case K::k_none:
      return "null";
    default:
      return e;
  }
}

// A field written `name?: T` (or `T | undefined`): absent on the wire
// when undefined, as exactOptionalPropertyTypes wants it absent in objects.
bool omitted_when_undefined(const Field& f) {
  return f.type.kind == K::k_optional && has_alternative(f.type, "undefined");
}

// The type of an omittable field or parameter once present: `T`, or
// `T | null` kept whole when null is one of its values.
const TypeRef& present_type(const Field& f) {
  return has_alternative(f.type, "null") ? f.type : f.type.args.at(0);
}

std::string field_path(const std::string& name) { return "`${path}." + name + "`"; }

std::string dto_codec(const Dto& d) {
  std::string out = "\nexport function encode" + d.name + "(value: " + d.name + "): Json {\n";
  out += "  return {\n";
  for (const auto& f : d.fields) {
    std::string e = "value." + f.name;
    if (omitted_when_undefined(f))
      out += "    ...(" + e + " === undefined ? {} : { " + f.name + ": " +
             encode(present_type(f), e) + " }),\n";
    else
      out += "    " + f.name + ": " + encode(f.type, e) + ",\n";
  }
  out += "  };\n}\n";
  out += "\nexport function decode" + d.name + "(value: unknown, path: string): " + d.name + " {\n";
  std::string names;
  for (const auto& f : d.fields) names += (names.empty() ? "\"" : ", \"") + f.name + "\"";
  if (d.fields.empty()) return out + "  fields(value, path, []);\n  return {};\n}\n";
  out += "  const o = fields(value, path, [" + names + "]);\n  return {\n";
  for (const auto& f : d.fields) {
    std::string v = "o[\"" + f.name + "\"]";
    if (omitted_when_undefined(f))
      out += "    ...(" + v + " === undefined ? {} : { " + f.name + ": " +
             decode(present_type(f), v, field_path(f.name)) + " }),\n";
    else
      out += "    " + f.name + ": " + decode(f.type, v, field_path(f.name)) + ",\n";
  }
  return out + "  };\n}\n";
}

bool uses_result(const TypeRef& t) {
  if (is_result(t)) return true;
  for (const auto& a : t.args)
    if (uses_result(a)) return true;
  return false;
}

bool contract_uses_result(const Contract& c) {
  for (const auto& d : c.dtos)
    for (const auto& f : d.fields)
      if (uses_result(f.type)) return true;
  for (const auto& m : c.methods) {
    if (uses_result(m.returns)) return true;
    for (const auto& p : m.params)
      if (uses_result(p.type)) return true;
  }
  return false;
}

std::string param_names(const Method& m) {
  std::string out;
  for (const auto& p : m.params) out += (out.empty() ? "\"" : ", \"") + p.name + "\"";
  return out;
}

// `T | null` of a parameter written `name?: T | null` (the reader added
// `| undefined` for the `?`).
std::string written_without_undefined(const TypeRef& t) {
  std::string out;
  for (const auto& a : alternatives(t.text))
    if (a != "undefined") out += (out.empty() ? "" : " | ") + a;
  return out;
}

std::string signature(const Method& m) {
  std::string out = m.name + "(";
  for (size_t i = 0; i < m.params.size(); ++i) {
    const auto& p = m.params[i];
    out += (i ? ", " : "") + p.name + (omitted_when_undefined(p) ? "?: " : ": ") +
           (omitted_when_undefined(p) ? written_without_undefined(p.type) : p.type.text);
  }
  return out + "): Promise<" + m.returns.text + ">";
}

// The arguments object of a call: each parameter encoded by name.
std::string encoded_args(const Method& m) {
  if (m.params.empty()) return "{}";
  std::string out = "{ ";
  for (size_t i = 0; i < m.params.size(); ++i) {
    const auto& p = m.params[i];
    out += i ? ", " : "";
    if (omitted_when_undefined(p))
      out += "...(" + p.name + " === undefined ? {} : { " + p.name + ": " +
             encode(present_type(p), p.name) + " })";
    else
      out += p.name + ": " + encode(p.type, p.name);
  }
  return out + " }";
}

std::string runner(const Contract& c, const Method& m) {
  std::string out =
      "  [\n    \"" + m.name + "\",\n    (service: " + c.port + ", body: unknown) => {\n";
  out += std::string(m.params.empty() ? "      " : "      const args = ") +
         "fields(body, \"arguments\", [" + param_names(m) + "]);\n";
  std::string call_args;
  for (const auto& p : m.params) {
    std::string v = "args[\"" + p.name + "\"]";
    out += "      const " + p.name + " = " + decode(p.type, v, "\"" + p.name + "\"") + ";\n";
    call_args += (call_args.empty() ? "" : ", ") + p.name;
  }
  std::string call = "(await service." + m.name + "(" + call_args + "))";
  if (m.returns.kind == K::k_none) {
    out += "      return async (): Promise<Json> => {\n        " + call +
           ";\n        return null;\n      };\n";
  } else if (m.returns.kind == K::k_optional) {
    // Its encoding names the value three times: the port is called once.
    out += "      return async (): Promise<Json> => {\n        const answer = " + call +
           ";\n        return " + encode(m.returns, "answer") + ";\n      };\n";
  } else {
    out += "      return async (): Promise<Json> => " + encode(m.returns, call) + ";\n";
  }
  return out + "    },\n  ],\n";
}

std::string client_method(const Method& m) {
  std::string out = "\n  async " + signature(m) + " {\n";
  std::string call = "await this.call(\"" + m.name + "\", " + encoded_args(m) + ")";
  if (m.returns.kind == K::k_none) return out + "    " + call + ";\n  }\n";
  out += "    const result = " + call + ";\n";
  return out + "    return " + decode(m.returns, "result", "\"result\"") + ";\n  }\n";
}

const char* k_codec_helpers = R"(
/** A value on the wire: what JSON.stringify writes and JSON.parse reads. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** An incoming value that does not match the contract: the call is refused with 400. */
export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CodecError";
  }
}

export type Fields = Readonly<Record<string, unknown>>;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value;
}

function present(value: unknown, path: string): void {
  if (value === undefined) throw new CodecError(`${path}: required`);
}

/** An object holding only the fields named: any other is refused. */
export function fields(value: unknown, path: string, names: readonly string[]): Fields {
  present(value, path);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CodecError(`${path}: expected an object, got ${kindOf(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!names.includes(key)) throw new CodecError(`${path}.${key}: unknown field`);
  }
  return value as Fields;
}

export function list(value: unknown, path: string): readonly unknown[] {
  present(value, path);
  if (!Array.isArray(value)) throw new CodecError(`${path}: expected an array, got ${kindOf(value)}`);
  return value;
}

export function text(value: unknown, path: string): string {
  present(value, path);
  if (typeof value !== "string") throw new CodecError(`${path}: expected a string, got ${kindOf(value)}`);
  return value;
}

export function num(value: unknown, path: string): number {
  present(value, path);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new CodecError(`${path}: expected a number, got ${kindOf(value)}`);
  }
  return value;
}

export function bool(value: unknown, path: string): boolean {
  present(value, path);
  if (typeof value !== "boolean") throw new CodecError(`${path}: expected a boolean, got ${kindOf(value)}`);
  return value;
}
)";

const char* k_integer_helper = R"(
export function integer(value: unknown, path: string): number {
  const n = num(value, path);
  if (!Number.isInteger(n)) throw new CodecError(`${path}: expected an integer, got ${n}`);
  return n;
}
)";

const char* k_one_of_helper = R"(
export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  const s = text(value, path);
  const found = allowed.find((a) => a === s);
  if (found === undefined) throw new CodecError(`${path}: expected one of ${allowed.join(", ")}, got ${s}`);
  return found;
}
)";

const char* k_nothing_helper = R"(
export function nothing(value: unknown, path: string): undefined {
  if (value !== undefined && value !== null) throw new CodecError(`${path}: expected null, got ${kindOf(value)}`);
  return undefined;
}
)";

const char* k_result_helpers = R"(
export function encodeResult<T>(result: Result<T>, encodeValue: (value: T) => Json): Json {
  return result.ok ? { ok: true, value: encodeValue(result.value) } : { ok: false, error: encodeErrorDto(result.error) };
}

export function decodeResult<T>(value: unknown, path: string, decodeValue: (value: unknown, path: string) => T): Result<T> {
  const o = fields(value, path, ["ok", "value", "error"]);
  if (o["ok"] === true) {
    fields(value, path, ["ok", "value"]);
    return { ok: true, value: decodeValue(o["value"], `${path}.value`) };
  }
  if (o["ok"] === false) {
    fields(value, path, ["ok", "error"]);
    return { ok: false, error: decodeErrorDto(o["error"], `${path}.error`) };
  }
  throw new CodecError(`${path}.ok: expected true or false`);
}
)";

const char* k_dispatch = R"(
/** A call's answer: an HTTP status and the JSON body. */
export interface Reply {
  readonly status: number;
  readonly body: string;
}

function failed(status: number, kind: string, message: string): Reply {
  return { status, body: JSON.stringify({ error: { kind, message } }) };
}

/** The names of the port's methods, the routes every server serves. */
export const METHOD_NAMES: readonly string[] = [...METHODS.keys()];

/**
 * Runs one call on `service`: decodes the arguments (strictly: types, required fields,
 * no unknown fields), calls, and encodes the result or the error. Every server and the
 * in-process transport run it.
 */
export async function dispatch(service: @PORT@, method: string, body: string): Promise<Reply> {
  const runner = METHODS.get(method);
  if (runner === undefined) return failed(404, "unknown_method", `no method ${method}`);
  let call: () => Promise<Json>;
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new CodecError("the body is not valid JSON");
    }
    call = runner(service, parsed);
  } catch (e: unknown) {
    if (e instanceof CodecError) return failed(400, "bad_request", e.message);
    throw e;
  }
  try {
    return { status: 200, body: JSON.stringify({ result: await call() }) };
  } catch (e: unknown) {
    const error = e instanceof Error ? e : new Error(String(e));
    return failed(422, error.name, error.message);
  }
}

/** A transport takes the method's name and the JSON request body, and answers. */
export type Transport = (method: string, body: string) => Promise<Reply>;

/** A call the service refused or failed; `kind` says why. */
export class ServiceCallError extends Error {
  constructor(
    readonly kind: string,
    readonly detail: string,
    readonly status: number,
  ) {
    super(`${kind}: ${detail}`);
    this.name = "ServiceCallError";
  }
}

function resultOf(reply: Reply): unknown {
  let data: unknown;
  try {
    data = JSON.parse(reply.body);
  } catch {
    throw new ServiceCallError("bad_response", "the answer is not JSON", reply.status);
  }
  const o: Fields = typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Fields) : {};
  if (reply.status === 200 && "result" in o) return o["result"];
  const error = o["error"];
  const e: Fields = typeof error === "object" && error !== null ? (error as Fields) : {};
  const kind = typeof e["kind"] === "string" ? e["kind"] : "error";
  throw new ServiceCallError(kind, typeof e["message"] === "string" ? e["message"] : "", reply.status);
}
)";

void collect_kinds(const TypeRef& t, std::set<K>& kinds, bool& literal) {
  kinds.insert(t.kind);
  if (t.kind == K::k_str && !literals(t).empty()) literal = true;
  for (const auto& a : t.args) collect_kinds(a, kinds, literal);
}

// The sample value a contract test passes for a field or parameter.
std::string sample(const Contract& c, const Field& f, int depth = 0);

std::string sample_dto(const Contract& c, const std::string& name, int depth) {
  const Dto* d = c.find_dto(name);
  if (!d || depth > 3) return "{}";
  std::string out;
  for (const auto& f : d->fields) {
    if (omitted_when_undefined(f)) continue;
    out += (out.empty() ? "" : ", ") + f.name + ": " + sample(c, f, depth + 1);
  }
  return out.empty() ? "{}" : "{ " + out + " }";
}

std::string sample(const Contract& c, const Field& f, int depth) {
  switch (f.type.kind) {
    case K::k_str: {
      std::string lits = literals(f.type);
      if (!lits.empty()) return lits.substr(0, lits.find(','));
      if (f.name == "id" || f.name.ends_with("Id")) return "anId()";
      return "\"sample\"";
    }
    case K::k_int:
    case K::k_float:
      return "1";
    case K::k_bool:
      return "true";
    case K::k_list:
    case K::k_tuple:
      return "[]";
    case K::k_dto:
      return sample_dto(c, f.type.name, depth);
    case K::k_optional:
      return has_alternative(f.type, "null") ? "null" : "undefined";
    default:
      return "null";
  }
}

// The first method whose first parameter is a DTO: the refusal checks send
// it malformed arguments.
const Method* dto_method(const Contract& c) {
  for (const auto& m : c.methods)
    if (!m.params.empty() && m.params[0].type.kind == K::k_dto && !is_result(m.params[0].type))
      return &m;
  return nullptr;
}

}  // namespace

TsNames ts_names(const Contract& c, const std::string& scope) {
  TsNames n;
  n.scope = scope;
  bool up = false;
  for (char ch : c.context) {
    if (ch == '_' || ch == '-') {
      n.kebab += '-';
      n.upper += '_';
      up = true;
      continue;
    }
    n.kebab += ch;
    n.upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    n.camel += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    up = false;
  }
  n.pascal = c.port.ends_with("Service") ? c.port.substr(0, c.port.size() - 7) : c.port;
  return n;
}

std::string ts_codec_module(const Contract& c, const TsNames& n) {
  std::string out =
      ts_module_comment(c, "The " + c.context +
                               " context's contract on the wire: each DTO to JSON and back\n"
                               "// (strictly checked on the way in), the dispatcher every "
                               "server runs, and the client\n// that implements the port over "
                               "a transport. The in-process transport runs the same\n// codec "
                               "as the remote ones, so a local call behaves like a remote call.");
  bool result = contract_uses_result(c);
  std::set<std::string> names = {c.port};
  for (const auto& d : c.dtos) names.insert(d.name);
  if (result) names.insert("Result");
  out += "import type {\n";
  for (const auto& name : names) out += "  " + name + ",\n";
  out += "} from \"" + n.package("api") + "\";\n";
  out += k_codec_helpers;
  std::set<K> kinds;
  bool literal = false;
  for (const auto& d : c.dtos)
    for (const auto& f : d.fields) collect_kinds(f.type, kinds, literal);
  for (const auto& m : c.methods) {
    for (const auto& p : m.params) collect_kinds(p.type, kinds, literal);
    collect_kinds(m.returns, kinds, literal);
  }
  if (kinds.count(K::k_int)) out += k_integer_helper;
  if (literal) out += k_one_of_helper;
  if (kinds.count(K::k_none)) out += k_nothing_helper;
  for (const auto& d : c.dtos) out += dto_codec(d);
  if (result) out += k_result_helpers;
  out += "\nconst METHODS = new Map<string, (service: " + c.port +
         ", body: unknown) => () => Promise<Json>>([\n";
  for (const auto& m : c.methods) out += runner(c, m);
  out += "]);\n";
  out += ts_subst(k_dispatch, {{"@PORT@", c.port}});
  std::string client = n.pascal + "Client";
  out += "\n/** Implements " + c.port + " by calls over a transport. */\n";
  out += "export class " + client + " implements " + c.port + " {\n";
  out += "  constructor(private readonly transport: Transport) {}\n\n";
  out +=
      "  private async call(method: string, args: { readonly [key: string]: Json }): "
      "Promise<unknown> {\n"
      "    return resultOf(await this.transport(method, JSON.stringify(args)));\n  }\n";
  for (const auto& m : c.methods) out += client_method(m);
  out += "}\n";
  out += "\n/** The in-process client: the remote clients' codec and dispatcher, no network. */\n";
  out += "export function localClient(service: " + c.port + "): " + client + " {\n";
  out += "  return new " + client + "((method, body) => dispatch(service, method, body));\n}\n";
  return out;
}

std::string ts_contract_tests(const Contract& c, const TsNames& n) {
  std::string out = ts_module_comment(
      c, "Contract tests of the " + c.context +
             " context: the same calls through the in-process client\n"
             "// and through the HTTP client, with the service started as its own process, "
             "give the same\n// results; malformed calls are refused the same way in both; "
             "calls without a valid\n// token are refused; /metrics counts the calls.");
  out += R"(import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import type { @PORT@ } from "@API@";

import { issueToken } from "./auth.js";
import { dispatch, localClient, ServiceCallError, type Transport } from "./codec.js";
import { httpClient, httpTransport } from "./http-client.js";
import { deliverLocally, Outbox, subscribe, type IntegrationEvent } from "./outbox.js";
import { makeService } from "./wiring.js";

const KEY = "contract-tests-signing-key-0123456789abcdef";
const MISSING_ID = "missing-id";
process.env["STRATA_SERVICE_JWT_KEY"] = KEY;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitListening(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/metrics`);
      await response.text();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the service did not answer in 30 s");
}

type Recorder = (call: () => Promise<unknown>) => Promise<void>;

async function callEveryMethod(service: @PORT@, anId: () => string, record: Recorder): Promise<void> {
@CALLS@}

/**
 * Every method of the port, called once with the ids calls returned and once with ids
 * nobody has; the outcomes, with ids made stable.
 */
async function scenario(service: @PORT@): Promise<string[]> {
  const ids: string[] = [];
  const outcomes: string[] = [];
  const record: Recorder = async (call) => {
    try {
      const result = await call();
      if (typeof result === "string") ids.push(result);
      outcomes.push(`ok ${JSON.stringify(result)}`);
    } catch (e: unknown) {
      if (!(e instanceof ServiceCallError)) throw e;
      outcomes.push(`error ${e.kind} ${e.detail}`);
    }
  };
  await callEveryMethod(service, () => ids.at(-1) ?? "sample-id", record);
  let missing = 0;
  await callEveryMethod(service, () => `${MISSING_ID}-${++missing}`, record);
  let text = outcomes.join("\n");
  [...new Set(ids)].forEach((id, n) => {
    text = text.replaceAll(id, `<id ${n}>`);
  });
  return text.split("\n");
}

/** Malformed calls, each answered with its status and body. */
async function refusals(transport: Transport): Promise<string[]> {
@REFUSALS@  const out: string[] = [];
  for (const [method, body] of calls) {
    const reply = await transport(method, body);
    out.push(`${reply.status} ${reply.body}`);
  }
  return out;
}

async function post(url: string, headers: { readonly [key: string]: string }): Promise<number> {
  const response = await fetch(`${url}/rpc/@FIRST@`, { method: "POST", body: "{}", headers });
  await response.text();
  return response.status;
}

function bearer(token: string): { readonly [key: string]: string } {
  return { authorization: `Bearer ${token}` };
}

describe("the @CONTEXT@ contract", () => {
  let child: ChildProcess | undefined;
  let url = "";

  before(async () => {
    // A service running elsewhere (a container, a deployment), started
    // with STRATA_SERVICE_JWT_KEY set to KEY.
    const target = process.env["STRATA_CONTRACT_TARGET_URL"] ?? "";
    if (target !== "") {
      url = target.replace(/\/+$/, "");
      return;
    }
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [fileURLToPath(new URL("./main.js", import.meta.url))], {
      env: { ...process.env, PORT: String(port), STRATA_SERVICE_JWT_KEY: KEY },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitListening(url, child);
  });

  after(() => {
    child?.kill("SIGTERM");
  });

  it("gives the same results in process and over HTTP", async () => {
    const local = await scenario(localClient(makeService()));
    const remote = await scenario(httpClient(url));
    assert.deepEqual(remote, local);
    assert.ok(local.some((line) => line.startsWith("ok")));
  });
)";
  out += ts_events_in_process_test();
  out += R"(
  it("refuses malformed calls the same way in process and over HTTP", async () => {
    const service = makeService();
    const local = await refusals((method, body) => dispatch(service, method, body));
    const remote = await refusals(httpTransport(url));
    assert.deepEqual(remote, local);
    assert.ok(local.every((line) => line.startsWith("400 ") || line.startsWith("404 ")), local.join("\n"));
  });

  it("refuses a call without a token", async () => {
    assert.equal(await post(url, {}), 401);
  });

  it("refuses a token signed with another key", async () => {
    assert.equal(await post(url, bearer(issueToken({ key: "another-key-of-the-same-length-0123456789" }))), 401);
  });

  it("refuses an expired token", async () => {
    assert.equal(await post(url, bearer(issueToken({ lifetimeSeconds: -60 }))), 401);
  });

  it("refuses a token for another service", async () => {
    assert.equal(await post(url, bearer(issueToken({ audience: "another-service" }))), 401);
  });

  it("refuses an unsigned token", async () => {
    const [, claims] = issueToken().split(".");
    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    assert.equal(await post(url, bearer(`${none}.${claims ?? ""}.`)), 401);
  });

  it("takes a valid token", async () => {
    assert.notEqual(await post(url, bearer(issueToken())), 401);
  });

  it("counts calls and their latency per method on /metrics", async () => {
    const response = await fetch(`${url}/metrics`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /strata_service_requests_total\{service="@CONTEXT@",method="@FIRST@",status="\d+"\} \d+/);
    assert.match(text, /strata_service_requests_total\{service="@CONTEXT@",method="@FIRST@",status="401"\} \d+/);
    assert.match(text, /strata_service_request_duration_seconds_bucket\{service="@CONTEXT@",method="@FIRST@",le="\+Inf"\} \d+/);
  });
});
)";
  std::string calls;
  for (const auto& m : c.methods) {
    std::string args;
    for (const auto& p : m.params) args += (args.empty() ? "" : ", ") + sample(c, p);
    calls += "  await record(() => service." + m.name + "(" + args + "));\n";
  }
  std::string refusals = "  const calls: [string, string][] = [\n";
  const Method* first = &c.methods.front();
  if (const Method* m = dto_method(c)) {
    first = m;
    std::string p = m->params[0].name, s = sample(c, m->params[0]);
    std::string key = "\"" + m->name + "\"";
    refusals = "  const anId = (): string => \"sample-id\";\n" + refusals;
    refusals += "    [" + key + ", \"not json\"],\n    [" + key + ", \"[]\"],\n    [" + key +
                ", \"{}\"],\n    [" + key + ", JSON.stringify({ " + p + ": 7 })],\n    [" + key +
                ", JSON.stringify({ " + p + ": {} })],\n    [" + key + ", JSON.stringify({ " + p +
                ": { ..." + (s == "{}" ? "{}" : s) + ", unexpected: 1 } })],\n";
    for (const auto& f : c.find_dto(m->params[0].type.name)->fields)
      if (!omitted_when_undefined(f) && f.type.kind != K::k_optional) {
        std::string wrong = f.type.kind == K::k_str ? "7" : "\"seven\"";
        refusals += "    [" + key + ", JSON.stringify({ " + p + ": { ..." + s + ", " + f.name +
                    ": " + wrong + " } })],\n";
      }
  }
  refusals += "    [\"noSuchMethod\", \"{}\"],\n  ];\n";
  return ts_subst(out, {{"@CALLS@", calls},
                        {"@REFUSALS@", refusals},
                        {"@PORT@", c.port},
                        {"@API@", n.package("api")},
                        {"@FIRST@", first->name},
                        {"@CONTEXT@", c.context}});
}

std::vector<Unserialisable> ts_unsupported_types(const Contract& c) {
  std::vector<Unserialisable> out;
  bool error_dto = c.find_dto("ErrorDto") != nullptr;
  auto check = [&](const TypeRef& t, const std::string& where, const std::string& file, int line,
                   auto& self) -> void {
    if (t.kind == K::k_dto && !c.find_dto(t.name) &&
        (t.name != "Result" || !error_dto || t.args.size() != 1))
      out.push_back({where, t.text, file, line});
    for (const auto& a : t.args) self(a, where, file, line, self);
  };
  for (const auto& d : c.dtos)
    for (const auto& f : d.fields) check(f.type, d.name + "." + f.name, c.dtos_file, d.line, check);
  for (const auto& m : c.methods) {
    for (const auto& p : m.params)
      check(p.type, c.port + "." + m.name + ": parameter " + p.name, c.port_file, m.line, check);
    check(m.returns, c.port + "." + m.name + ": result", c.port_file, m.line, check);
  }
  return out;
}

}  // namespace strata::service
