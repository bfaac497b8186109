// l7guard gateway: an HTTP/1.1 reverse proxy that runs the filter on every request, the way an Envoy
// sidecar's inbound listener would: client -> decode* -> (filter) -> upstream; upstream -> encode* ->
// (filter) -> client. Bodies stream chunk by chunk with backpressure; every failure path answers the
// client (503/502/504/413) and logs a line, so no request is lost or left hanging.
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse, type ClientRequest } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { PluginHost, type PluginHostOptions } from "./plugin.ts";
import { SharedState } from "./shared.ts";
import type { HeaderList } from "./pairs.ts";
import type { HttpStream, StreamInfo, StreamSink } from "./stream.ts";
import type { WorkloadIdentity } from "./properties.ts";
import { startAdmin, type AdminServer } from "./admin.ts";

// Hop-by-hop headers are not forwarded (RFC 9110 §7.6.1); the caller-identity header is consumed here.
// Caller identity: Istio passes the caller's workload metadata between sidecars (peer metadata exchange);
// with no mesh here, a caller sends `x-l7guard-peer: ns/workload[/app[/version]]` (the demo services do),
// and the called gateway strips it and puts it in StreamInfo.downstreamPeer. It is trusted as given, so
// it is a stand-in for mTLS-backed peer metadata, not a security boundary.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "proxy-authenticate", "proxy-authorization"]);
export const PEER_HEADER = "x-l7guard-peer";

export interface GatewayOptions {
  listen: { host: string; port: number };
  upstream: string;                       // base URL of the protected service
  wasm: Uint8Array;
  config: string;                          // filter config JSON (pluginConfig)
  workers?: number;
  identity?: WorkloadIdentity;
  admin?: { host: string; port: number };
  clusters?: Record<string, string>;
  failurePolicy?: PluginHostOptions["failurePolicy"];
  bufferLimitBytes?: number;
  upstreamTimeoutMs?: number;              // Envoy route timeout default: 15 s
  logLevel?: PluginHostOptions["logLevel"];
  log?: (line: string) => void;
  name?: string;
}

export interface Gateway {
  host: PluginHost;
  server: Server;
  admin: AdminServer;
  url: string;                             // http://host:port of the proxy listener
  adminUrl: string;
  config: string;
  reconfigure(config: string): Promise<{ accepted: boolean; error?: string }>;
  close(): Promise<void>;
}

// The gateway describes itself to the filter: it honours StopIteration from request headers (Envoy >= 1.35
// allow_on_headers_stop_iteration), unless the config says otherwise.
export function prepareConfig(config: string, mode?: "monitor" | "enforce"): string {
  let parsed: Record<string, unknown>;
  try { parsed = JSON.parse(config); } catch { return config; } // the filter rejects it and names the problem
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return config;
  if (mode) parsed.mode = mode;
  const proxy = (parsed.proxy ?? {}) as Record<string, unknown>;
  if (typeof proxy === "object" && proxy && proxy.allowOnHeadersStopIteration === undefined) parsed.proxy = { ...proxy, allowOnHeadersStopIteration: true };
  return JSON.stringify(parsed);
}

export function parsePeer(value: string | undefined): WorkloadIdentity | undefined {
  if (!value) return undefined;
  const [ns, workload, app, version] = value.split("/");
  if (!ns || !workload) return undefined;
  return { namespace: ns, workload, app: app || workload, version: version || undefined };
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const name = opts.name ?? (opts.identity ? `${opts.identity.namespace}/${opts.identity.workload}` : "gateway");
  const host = await PluginHost.create({
    module: opts.wasm,
    pluginName: opts.identity ? `${opts.identity.namespace}.l7guard` : "l7guard",
    configuration: opts.config,
    workers: opts.workers ?? 1,
    identity: opts.identity,
    clusters: opts.clusters,
    failurePolicy: opts.failurePolicy ?? "FAIL_CLOSED",
    bufferLimitBytes: opts.bufferLimitBytes,
    allowOnHeadersStopIteration: true,
    shared: new SharedState(), // one gateway = one proxy process: its own shared data, queues and stats
    logLevel: opts.logLevel ?? "warn",
    logger: (l) => { if (l.level >= ["trace", "debug", "info", "warn", "error", "critical", "off"].indexOf(opts.logLevel ?? "warn")) log(`[${name}] ${l.text}`); },
  });
  const stats = host.stats;
  const counter = (n: string) => stats.get(n, "counter");
  const rqTotal = counter("http.l7guard.downstream_rq_total");
  const rqByClass = [1, 2, 3, 4, 5].map((c) => counter(`http.l7guard.downstream_rq_${c}xx`));
  const upstreamFail = counter("cluster.upstream.upstream_cx_connect_fail");
  const upstreamTimeout = counter("cluster.upstream.upstream_rq_timeout");
  const localReplies = counter("http.l7guard.downstream_rq_local_reply");
  const upstreamUrl = new URL(opts.upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const timeoutMs = opts.upstreamTimeoutMs ?? 15000;
  let currentConfig = opts.config;

  const server = createServer({ keepAlive: true, requestTimeout: 0 }, (req, res) => {
    rqTotal.value++;
    handle(req, res);
  });
  server.keepAliveTimeout = 30_000;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const requestHeaders: HeaderList = [
      [":method", req.method ?? "GET"], [":path", req.url ?? "/"], [":authority", req.headers.host ?? upstreamUrl.host], [":scheme", "http"],
    ];
    let peerValue: string | undefined;
    let hasRequestId = false;
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const k = req.rawHeaders[i].toLowerCase();
      if (k === "host" || HOP_BY_HOP.has(k)) continue;
      if (k === PEER_HEADER) { peerValue = req.rawHeaders[i + 1]; continue; }
      if (k === "x-request-id") hasRequestId = true;
      requestHeaders.push([k, req.rawHeaders[i + 1]]);
    }
    if (!hasRequestId) requestHeaders.push(["x-request-id", randomUUID()]);
    const remote = req.socket.remoteAddress ?? "127.0.0.1";
    const xff = requestHeaders.find(([k]) => k === "x-forwarded-for");
    if (xff) xff[1] = `${xff[1]}, ${remote}`; else requestHeaders.push(["x-forwarded-for", remote]);
    requestHeaders.push(["x-forwarded-proto", "http"]);
    const hasBody = req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");
    const info: StreamInfo = {
      sourceAddress: remote, sourcePort: req.socket.remotePort, destinationAddress: req.socket.localAddress, destinationPort: req.socket.localPort,
      protocol: req.httpVersion === "1.0" ? "HTTP/1.0" : "HTTP/1.1", direction: "inbound", downstreamPeer: parsePeer(peerValue),
    };

    let upstream: ClientRequest | undefined;
    let upstreamResponse: IncomingMessage | undefined;
    let responded = false;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    let resetLogged = false;

    const sink: StreamSink = {
      upstreamHeaders(headers, endStream) {
        const out: Record<string, string | string[]> = {};
        let method = "GET", path = "/", authority = upstreamUrl.host;
        for (const [k, v] of headers) {
          if (k === ":method") method = v; else if (k === ":path") path = v; else if (k === ":authority") authority = v;
          else if (k.startsWith(":")) continue;
          else if (out[k] !== undefined) out[k] = ([] as string[]).concat(out[k], v); else out[k] = v;
        }
        out.host = authority;
        if (!endStream && out["content-length"] === undefined) out["transfer-encoding"] = "chunked";
        upstream = httpRequest({ protocol: upstreamUrl.protocol, hostname: upstreamUrl.hostname, port: upstreamUrl.port, method, path, headers: out, agent });
        upstream.on("response", onUpstreamResponse);
        upstream.on("error", (e) => onUpstreamError(e));
        timer = setTimeout(() => onUpstreamTimeout(), timeoutMs);
        timer.unref();
        if (endStream) upstream.end();
      },
      upstreamData(data, endStream) {
        if (!upstream) return;
        if (data.length > 0 && !upstream.write(data)) { req.pause(); upstream.once("drain", () => req.resume()); }
        if (endStream) upstream.end();
      },
      upstreamTrailers(trailers) {
        if (!upstream) return;
        upstream.addTrailers(Object.fromEntries(trailers));
        upstream.end();
      },
      downstreamHeaders(headers, endStream) {
        responded = true;
        let status = 200;
        const out: Array<[string, string]> = [];
        for (const [k, v] of headers) {
          if (k === ":status") status = Number(v) || 502;
          else if (!k.startsWith(":") && !HOP_BY_HOP.has(k)) out.push([k, v]);
        }
        const cls = Math.floor(status / 100);
        if (cls >= 1 && cls <= 5) rqByClass[cls - 1].value++;
        if (stream.localReplySent) localReplies.value++;
        res.writeHead(status, out.flat() as unknown as string[]);
        if (endStream) res.end();
      },
      downstreamData(data, endStream) {
        if (data.length > 0 && !res.write(data) && upstreamResponse) { upstreamResponse.pause(); res.once("drain", () => upstreamResponse?.resume()); }
        if (endStream) res.end();
      },
      downstreamTrailers(trailers) {
        res.addTrailers(Object.fromEntries(trailers));
        res.end();
      },
      cancelUpstream() {
        if (upstream && !upstream.destroyed) upstream.destroy();
        if (timer) clearTimeout(timer);
      },
      reset(details) {
        resetLogged = true;
        log(`[${name}] stream reset: ${details} ${req.method} ${req.url}`);
        if (upstream && !upstream.destroyed) upstream.destroy();
        res.destroy();
      },
    };
    const stream: HttpStream = host.createStream(sink, info);

    function onUpstreamResponse(r: IncomingMessage): void {
      if (timer) clearTimeout(timer);
      upstreamResponse = r;
      const headers: HeaderList = [[":status", String(r.statusCode ?? 502)]];
      for (let i = 0; i < r.rawHeaders.length; i += 2) {
        const k = r.rawHeaders[i].toLowerCase();
        if (!HOP_BY_HOP.has(k)) headers.push([k, r.rawHeaders[i + 1]]);
      }
      const noBody = req.method === "HEAD" || r.statusCode === 204 || r.statusCode === 304 || r.headers["content-length"] === "0";
      stream.encodeHeaders(headers, noBody);
      if (noBody) { r.resume(); return; }
      r.on("data", (chunk: Buffer) => stream.encodeData(chunk, false));
      r.on("end", () => {
        const trailers: HeaderList = [];
        for (let i = 0; i < r.rawTrailers.length; i += 2) trailers.push([r.rawTrailers[i].toLowerCase(), r.rawTrailers[i + 1]]);
        if (trailers.length > 0) stream.encodeTrailers(trailers); else stream.encodeData(Buffer.alloc(0), true);
      });
      r.on("error", (e) => onUpstreamError(e));
    }

    // The router's own replies go through the encoder chain like an upstream response.
    function routerReply(status: number, body: string): void {
      const b = Buffer.from(body);
      stream.encodeHeaders([[":status", String(status)], ["content-type", "text/plain"], ["content-length", String(b.length)]], false);
      stream.encodeData(b, true);
    }

    function onUpstreamError(e: Error): void {
      if (timer) clearTimeout(timer);
      if (finished) return;
      if (responded || upstreamResponse) { log(`[${name}] upstream reset mid-response: ${e.message} ${req.method} ${req.url}`); resetLogged = true; res.destroy(); return; }
      const refused = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|socket hang up/i.test(`${(e as NodeJS.ErrnoException).code ?? ""} ${e.message}`);
      if (refused) {
        upstreamFail.value++;
        log(`[${name}] 503 upstream connect error: ${e.message} ${req.method} ${req.url}`);
        routerReply(503, `upstream connect error or disconnect/reset before headers. reset reason: ${(e as NodeJS.ErrnoException).code ?? "connection failure"}`);
      } else {
        log(`[${name}] 502 bad upstream response: ${e.message} ${req.method} ${req.url}`);
        routerReply(502, "upstream protocol error");
      }
    }

    function onUpstreamTimeout(): void {
      if (responded || upstreamResponse || finished) return;
      upstreamTimeout.value++;
      log(`[${name}] 504 upstream request timeout ${req.method} ${req.url}`);
      if (upstream && !upstream.destroyed) upstream.destroy();
      routerReply(504, "upstream request timeout");
    }

    stream.decodeHeaders(requestHeaders, !hasBody);
    if (hasBody) {
      req.on("data", (chunk: Buffer) => stream.decodeData(chunk, false));
      req.on("end", () => {
        const trailers: HeaderList = [];
        for (let i = 0; i < req.rawTrailers.length; i += 2) trailers.push([req.rawTrailers[i].toLowerCase(), req.rawTrailers[i + 1]]);
        if (trailers.length > 0) stream.decodeTrailers(trailers); else stream.decodeData(Buffer.alloc(0), true);
      });
    } else {
      req.resume();
    }
    const done = () => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      if (!res.writableFinished) {
        // The client went away (or the stream was reset) before the response completed: cancel the upstream.
        if (!resetLogged) log(`[${name}] downstream closed before the response completed: ${req.method} ${req.url}`);
        if (upstream && !upstream.destroyed) upstream.destroy();
      }
      stream.complete();
    };
    res.on("finish", done);
    res.on("close", done);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.listen.port, opts.listen.host, () => { server.off("error", reject); resolve(); });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`;

  const gateway: Gateway = {
    host, server, url, adminUrl: "", admin: undefined as unknown as AdminServer,
    get config() { return currentConfig; },
    async reconfigure(config: string) {
      const prepared = prepareConfig(config);
      const result = await host.configure(prepared);
      if (result.accepted) currentConfig = prepared;
      else log(`[${name}] configuration rejected: ${result.error}`);
      return result;
    },
    async close() {
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await gateway.admin.close();
      agent.destroy();
      await host.close();
    },
  };
  gateway.admin = await startAdmin(gateway, opts.admin ?? { host: "127.0.0.1", port: 0 });
  gateway.adminUrl = gateway.admin.url;
  return gateway;
}
