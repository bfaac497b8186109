// `l7guard gateway --listen HOST:PORT --upstream URL [--config FILE] [--mode monitor|enforce] [--workers N]
//   [--identity ns/workload] [--admin HOST:PORT] [--wasm FILE] [--cluster NAME=URL]... [--log-level LEVEL]
//   [--fail-open]`
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startGateway } from "./gateway.ts";
import { prepareConfig } from "./gateway.ts";
import { LOG_LEVELS, type LogLevelName } from "./abi.ts";

const USAGE = `usage: l7guard gateway --listen HOST:PORT --upstream URL [--config FILE] [--mode monitor|enforce]
                       [--workers N] [--identity ns/workload] [--admin HOST:PORT] [--wasm FILE]
                       [--cluster NAME=URL]... [--log-level trace|debug|info|warn|error] [--fail-open]
`;

export class UsageError extends Error {}

function hostPort(flag: string, value: string | undefined): { host: string; port: number } {
  if (!value) throw new UsageError(`${flag} needs HOST:PORT`);
  const i = value.lastIndexOf(":");
  const host = i > 0 ? value.slice(0, i).replace(/^\[|\]$/g, "") : "127.0.0.1";
  const port = Number(i >= 0 ? value.slice(i + 1) : value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag}: '${value}' is not HOST:PORT (port 0-65535)`);
  return { host, port };
}

export interface GatewayArgs {
  listen: { host: string; port: number }; upstream: string; config?: string; mode?: "monitor" | "enforce"; workers: number;
  identity?: { namespace: string; workload: string }; admin: { host: string; port: number }; wasm: string;
  clusters: Record<string, string>; logLevel: LogLevelName; failOpen: boolean;
}

export function parseGatewayArgs(argv: string[]): GatewayArgs {
  const args: Partial<GatewayArgs> = { workers: 1, admin: { host: "127.0.0.1", port: 0 }, clusters: {}, logLevel: "warn", failOpen: false,
    wasm: fileURLToPath(new URL("../build/l7guard.wasm", import.meta.url)) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => { const v = argv[++i]; if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`); return v; };
    switch (flag) {
      case "--listen": args.listen = hostPort(flag, value()); break;
      case "--upstream": {
        const v = value();
        let u: URL;
        try { u = new URL(v); } catch { throw new UsageError(`--upstream: '${v}' is not a URL (e.g. http://127.0.0.1:8080)`); }
        if (u.protocol !== "http:") throw new UsageError(`--upstream: only http:// upstreams are supported, got '${u.protocol}'`);
        args.upstream = v; break;
      }
      case "--config": args.config = value(); break;
      case "--mode": { const v = value(); if (v !== "monitor" && v !== "enforce") throw new UsageError(`--mode must be monitor or enforce, got '${v}'`); args.mode = v; break; }
      case "--workers": { const v = Number(value()); if (!Number.isInteger(v) || v < 1 || v > 64) throw new UsageError("--workers must be an integer from 1 to 64"); args.workers = v; break; }
      case "--identity": { const v = value(); const [ns, wl, ...rest] = v.split("/"); if (!ns || !wl || rest.length) throw new UsageError(`--identity must be namespace/workload, got '${v}'`); args.identity = { namespace: ns, workload: wl }; break; }
      case "--admin": args.admin = hostPort(flag, value()); break;
      case "--wasm": args.wasm = value(); break;
      case "--cluster": { const v = value(); const eq = v.indexOf("="); if (eq <= 0) throw new UsageError(`--cluster must be NAME=URL, got '${v}'`); args.clusters![v.slice(0, eq)] = v.slice(eq + 1); break; }
      case "--log-level": { const v = value() as LogLevelName; if (!LOG_LEVELS.includes(v)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}`); args.logLevel = v; break; }
      case "--fail-open": args.failOpen = true; break;
      case "--help": case "-h": throw new UsageError("");
      default: throw new UsageError(`unknown option '${flag}'`);
    }
  }
  if (!args.listen) throw new UsageError("--listen is required");
  if (!args.upstream) throw new UsageError("--upstream is required");
  return args as GatewayArgs;
}

export async function main(argv: string[]): Promise<void> {
  let args: GatewayArgs;
  try { args = parseGatewayArgs(argv); } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`${e.message ? `l7guard gateway: ${e.message}\n` : ""}${USAGE}`); process.exitCode = 2; return; }
    throw e;
  }
  let wasm: Buffer;
  try { wasm = readFileSync(args.wasm); } catch (e) {
    process.stderr.write(`l7guard gateway: cannot read --wasm ${args.wasm}: ${(e as Error).message} (run npm run build)\n`); process.exitCode = 1; return;
  }
  let config = JSON.stringify({ schemaVersion: 1 });
  if (args.config) {
    try { config = readFileSync(args.config, "utf8"); } catch (e) {
      process.stderr.write(`l7guard gateway: cannot read --config ${args.config}: ${(e as Error).message}\n`); process.exitCode = 1; return;
    }
  }
  config = prepareConfig(config, args.mode);
  let gateway;
  try {
    gateway = await startGateway({
      listen: args.listen, upstream: args.upstream, wasm, config, workers: args.workers,
      identity: args.identity ? { ...args.identity, app: args.identity.workload } : undefined,
      admin: args.admin, clusters: args.clusters, logLevel: args.logLevel, failurePolicy: args.failOpen ? "FAIL_OPEN" : "FAIL_CLOSED",
    });
  } catch (e) {
    process.stderr.write(`l7guard gateway: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`gateway listening on ${gateway.url} -> ${args.upstream} (workers ${args.workers})\nadmin listening on ${gateway.adminUrl}\n`);
  const stop = async () => { await gateway.close(); process.exit(0); };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
