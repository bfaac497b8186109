// Drives one HTTP exchange through a PluginHost stream the way Envoy's filter manager would, and records
// what reached the upstream and the client. Independent of the gateway so filter tests need no sockets.
import type { HeaderList, HttpStream, PluginHost, StreamInfo, StreamSink } from "../../host/index.ts";

export interface ExchangeInput {
  requestHeaders: HeaderList;
  requestBody?: Array<string | Uint8Array>;
  responseHeaders?: HeaderList;
  responseBody?: Array<string | Uint8Array>;
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

const toBytes = (c: string | Uint8Array) => (typeof c === "string" ? Buffer.from(c) : c);

// Waits until the stream has settled (deferred continues run on microtasks/timers in the host).
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export async function exchange(host: PluginHost, input: ExchangeInput): Promise<ExchangeResult> {
  const upstreamChunks: Uint8Array[] = [];
  const downstreamChunks: Uint8Array[] = [];
  const result = {
    upstreamBody: Buffer.alloc(0), downstreamBody: Buffer.alloc(0), upstreamCancelled: false, upstreamEnded: false,
  } as ExchangeResult;
  let responseStarted = false;
  const sink: StreamSink = {
    upstreamHeaders(headers, endStream) { result.upstreamHeaders = headers; if (endStream) result.upstreamEnded = true; },
    upstreamData(data, endStream) { upstreamChunks.push(data); if (endStream) result.upstreamEnded = true; },
    upstreamTrailers() { result.upstreamEnded = true; },
    downstreamHeaders(headers) { result.downstreamHeaders = headers; },
    downstreamData(data) { downstreamChunks.push(data); },
    downstreamTrailers() {},
    cancelUpstream() { result.upstreamCancelled = true; },
    reset(details) { result.reset = details; },
  };
  const stream = host.createStream(sink, input.info);
  result.stream = stream;
  const body = input.requestBody ?? [];
  stream.decodeHeaders(input.requestHeaders, body.length === 0);
  await settle();
  for (let i = 0; i < body.length; i++) {
    if (result.downstreamHeaders) break; // answered locally
    stream.decodeData(toBytes(body[i]), i === body.length - 1);
    await settle();
  }
  // The upstream answers only if it got the whole request and the filter did not answer first.
  if (!result.downstreamHeaders && !result.upstreamCancelled && result.upstreamEnded && input.responseHeaders) {
    responseStarted = true;
    const rbody = input.responseBody ?? [];
    stream.encodeHeaders(input.responseHeaders, rbody.length === 0);
    await settle();
    for (let i = 0; i < rbody.length; i++) { stream.encodeData(toBytes(rbody[i]), i === rbody.length - 1); await settle(); }
  }
  void responseStarted;
  stream.complete();
  await settle();
  result.upstreamBody = Buffer.concat(upstreamChunks);
  result.downstreamBody = Buffer.concat(downstreamChunks);
  result.status = () => Number(result.downstreamHeaders?.find(([k]) => k === ":status")?.[1] ?? 0);
  result.header = (name) => result.downstreamHeaders?.find(([k]) => k === name)?.[1];
  result.json = () => JSON.parse(result.downstreamBody.toString());
  return result;
}

export function request(method: string, path: string, extra: HeaderList = []): HeaderList {
  return [[":method", method], [":path", path], [":authority", "orders.shop:8080"], [":scheme", "http"], ["x-request-id", `req-${Math.random().toString(36).slice(2)}`], ...extra];
}

export const okResponse = (extra: HeaderList = []): HeaderList => [[":status", "200"], ["content-type", "application/json"], ...extra];
