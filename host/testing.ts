// Drives one HTTP exchange through a PluginHost stream the way Envoy's filter manager and router would,
// and records what reached the upstream and the client. No sockets: tests, benchmarks and the gateway's
// tests reuse it. Each step waits until the host is idle (deferred continues, pending http calls), so a
// filter that pauses for a callout resumes before the next chunk is delivered.
import type { HeaderList } from "./pairs.ts";
import type { PluginHost } from "./plugin.ts";
import type { HttpStream, StreamInfo, StreamSink } from "./stream.ts";

export type Chunk = string | Uint8Array;

export interface ExchangeInput {
  requestHeaders: HeaderList;
  requestBody?: Chunk[];
  requestTrailers?: HeaderList;
  // Omit to model an upstream that never answers (the stream is still completed at the end).
  responseHeaders?: HeaderList;
  responseBody?: Chunk[];
  responseTrailers?: HeaderList;
  info?: StreamInfo;
  // Upper bound for waiting on one step's http calls (ms); default 5000.
  callTimeoutMs?: number;
}

export interface ExchangeResult {
  upstream: { headers?: HeaderList; body: Buffer; trailers?: HeaderList; cancelled: boolean; ended: boolean };
  downstream: { headers?: HeaderList; body: Buffer; trailers?: HeaderList; ended: boolean };
  reset?: string;             // StreamSink.reset details (close_stream, response-path failure)
  details?: string;           // stream.responseCodeDetails
  stream: HttpStream;
  status: number;             // downstream :status, 0 when none went out
  header(name: string): string | undefined; // downstream header
}

const toBytes = (c: Chunk): Uint8Array => (typeof c === "string" ? Buffer.from(c) : c);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// Lets deferred work run, then waits while the host has http calls in flight (bounded).
export async function settle(host: PluginHost, timeoutMs = 5000): Promise<void> {
  await tick();
  const deadline = Date.now() + timeoutMs;
  while (host.pendingHttpCalls > 0 && Date.now() < deadline) await new Promise<void>((resolve) => setTimeout(resolve, 2));
  await tick();
}

export async function runExchange(host: PluginHost, input: ExchangeInput): Promise<ExchangeResult> {
  const upstreamChunks: Uint8Array[] = [];
  const downstreamChunks: Uint8Array[] = [];
  const upstream: ExchangeResult["upstream"] = { body: Buffer.alloc(0), cancelled: false, ended: false };
  const downstream: ExchangeResult["downstream"] = { body: Buffer.alloc(0), ended: false };
  let reset: string | undefined;
  const sink: StreamSink = {
    upstreamHeaders(headers, endStream) { upstream.headers = headers; if (endStream) upstream.ended = true; },
    upstreamData(data, endStream) { upstreamChunks.push(Buffer.from(data)); if (endStream) upstream.ended = true; },
    upstreamTrailers(trailers) { upstream.trailers = trailers; upstream.ended = true; },
    downstreamHeaders(headers, endStream) { downstream.headers = headers; if (endStream) downstream.ended = true; },
    downstreamData(data, endStream) { downstreamChunks.push(Buffer.from(data)); if (endStream) downstream.ended = true; },
    downstreamTrailers(trailers) { downstream.trailers = trailers; downstream.ended = true; },
    cancelUpstream() { upstream.cancelled = true; },
    reset(details) { reset = details; },
  };
  const wait = () => settle(host, input.callTimeoutMs);
  const stream = host.createStream(sink, input.info);
  const body = input.requestBody ?? [];
  const answered = () => downstream.headers !== undefined || reset !== undefined;
  stream.decodeHeaders(input.requestHeaders, body.length === 0 && !input.requestTrailers);
  await wait();
  for (let i = 0; i < body.length && !answered(); i++) {
    stream.decodeData(toBytes(body[i]), i === body.length - 1 && !input.requestTrailers);
    await wait();
  }
  if (input.requestTrailers && !answered()) { stream.decodeTrailers(input.requestTrailers); await wait(); }
  // The router answers only once the whole request went upstream and nobody answered locally.
  if (!answered() && !upstream.cancelled && upstream.ended && input.responseHeaders) {
    const rbody = input.responseBody ?? [];
    stream.encodeHeaders(input.responseHeaders, rbody.length === 0 && !input.responseTrailers);
    await wait();
    for (let i = 0; i < rbody.length && reset === undefined; i++) {
      stream.encodeData(toBytes(rbody[i]), i === rbody.length - 1 && !input.responseTrailers);
      await wait();
    }
    if (input.responseTrailers && reset === undefined) { stream.encodeTrailers(input.responseTrailers); await wait(); }
  }
  stream.complete();
  await tick();
  upstream.body = Buffer.concat(upstreamChunks);
  downstream.body = Buffer.concat(downstreamChunks);
  const header = (name: string) => downstream.headers?.find(([k]) => k === name)?.[1];
  return { upstream, downstream, reset, details: stream.responseCodeDetails, stream, status: Number(header(":status") ?? 0), header };
}

// Request headers in the order Envoy's codec hands them to filters: pseudo-headers first.
export function requestHeaders(method: string, path: string, extra: HeaderList = [], authority = "orders.shop:8080"): HeaderList {
  return [[":method", method], [":path", path], [":authority", authority], [":scheme", "http"], ...extra];
}

export function responseHeaders(status = 200, extra: HeaderList = []): HeaderList {
  return [[":status", String(status)], ...extra];
}
