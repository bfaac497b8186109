// The filter tests' view of one exchange, on top of the host's runExchange (host/testing.ts), which does
// the driving: this adapter only keeps the result shape these tests assert on.
import { readFileSync } from "node:fs";
import { PluginHost as HostClass, SharedState } from "../../host/index.ts";
import type { HeaderList, HttpStream, PluginHost, StreamInfo } from "../../host/index.ts";
import { requestHeaders, runExchange } from "../../host/testing.ts";

export interface ExchangeInput {
  requestHeaders: HeaderList;
  requestBody?: Array<string | Uint8Array>;
  responseHeaders?: HeaderList;
  responseBody?: Array<string | Uint8Array>;
  requestTrailers?: HeaderList;
  responseTrailers?: HeaderList;
  info?: StreamInfo;
}

export interface ExchangeResult {
  upstreamHeaders?: HeaderList;
  upstreamBody: Buffer;
  upstreamCancelled: boolean;
  upstreamEnded: boolean;
  downstreamHeaders?: HeaderList;
  downstreamBody: Buffer;
  reset?: string;
  stream: HttpStream;
  status(): number;
  header(name: string): string | undefined;
  json(): any;
}

export async function exchange(host: PluginHost, input: ExchangeInput): Promise<ExchangeResult> {
  const r = await runExchange(host, input);
  return {
    upstreamHeaders: r.upstream.headers, upstreamBody: r.upstream.body, upstreamCancelled: r.upstream.cancelled, upstreamEnded: r.upstream.ended,
    downstreamHeaders: r.downstream.headers, downstreamBody: r.downstream.body, reset: r.reset, stream: r.stream,
    status: () => r.status, header: r.header, json: () => JSON.parse(r.downstream.body.toString()),
  };
}

export function request(method: string, path: string, extra: HeaderList = []): HeaderList {
  return requestHeaders(method, path, [["x-request-id", `req-${Math.random().toString(36).slice(2)}`], ...extra]);
}

export const okResponse = (extra: HeaderList = []): HeaderList => [[":status", "200"], ["content-type", "application/json"], ...extra];

// Hosts running build/l7guard.wasm, one per configuration a test needs, logging (debug and up) into `logs`;
// `closeAll` goes in the suite's after().
export function hostPool(logs: string[]): { hosts: PluginHost[]; hostWith(config: unknown): Promise<PluginHost>; closeAll(): Promise<void> } {
  const hosts: PluginHost[] = [];
  const wasm = readFileSync(new URL("../../build/l7guard.wasm", import.meta.url));
  return {
    hosts,
    async hostWith(config) {
      const h = await HostClass.create({
        module: wasm, configuration: JSON.stringify(config), shared: new SharedState(), allowOnHeadersStopIteration: true,
        logger: (l) => logs.push(l.message), logLevel: "debug",
      });
      hosts.push(h);
      return h;
    },
    async closeAll() { for (const h of hosts) await h.close(); },
  };
}

// A body cut at the given offsets: the chunks a proxy might deliver.
export function cut(s: string, at: number[]): string[] {
  const out: string[] = [];
  let prev = 0;
  for (const a of at) { out.push(s.slice(prev, a)); prev = a; }
  out.push(s.slice(prev));
  return out;
}

// A body in chunks of `size` bytes (the last one shorter), as a proxy hands it over.
export function chunksOf(body: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(body.length / size) }, (_, k) => body.subarray(k * size, (k + 1) * size));
}
