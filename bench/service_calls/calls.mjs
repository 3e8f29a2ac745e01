// Times calls of a generated TypeScript service's port: `get({id})` on one
// aggregate, sequentially, through the transport named on the command line
// ("direct": the application service itself; "in-process": the generated
// local client with its codec; "http", "grpc", "kafka": the generated remote
// clients of a service already running), the same way calls.py does for
// Python. Run from contexts/billing/service after its build. Prints one JSON
// line per round: p50 and p99 in microseconds and calls per second.
// Usage: node calls.mjs TRANSPORT CALLS ROUNDS
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const load = (file) => import(pathToFileURL(resolve("dist", file)).href);

async function portFor(transport) {
  const { makeService } = await load("wiring.js");
  const codec = await load("codec.js");
  if (transport === "direct") return { port: makeService() };
  if (transport === "in-process") return { port: codec.localClient(makeService()) };
  if (transport === "http") return { port: (await load("http-client.js")).httpClient() };
  if (transport === "grpc") {
    const { grpcTransport } = await load("grpc-client.js");
    return { port: new codec.BillingClient(grpcTransport(process.env.STRATA_SERVICE_BILLING_URL)) };
  }
  if (transport === "kafka") {
    const { kafkaTransport } = await load("kafka-client.js");
    const t = kafkaTransport();
    return { port: new codec.BillingClient(t), close: () => t.close() };
  }
  throw new Error(`unknown transport ${transport}`);
}

const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const [transport, callsArg, roundsArg] = process.argv.slice(2);
const calls = Number(callsArg);
const rounds = Number(roundsArg);
const { port, close } = await portFor(transport);
const id = `bench-${process.pid}`;
const opened = await port.open({ id });
if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened)}`);
for (let i = 0; i < Math.min(calls, 200); i++) await port.get({ id }); // warm up: connections, JIT
for (let r = 0; r < rounds; r++) {
  const samples = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    await port.get({ id });
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  samples.sort((a, b) => a - b);
  console.log(JSON.stringify({
    transport,
    p50_us: percentile(samples, 0.5), p99_us: percentile(samples, 0.99), calls_per_s: calls / elapsed,
  }));
}
if (close) await close();
