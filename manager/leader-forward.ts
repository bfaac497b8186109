// Telemetry belongs to the leader. Each replica keeps its own SQLite telemetry store, so in Kubernetes modes
// a standby does not serve telemetry itself: it forwards ingest and every analytics route to the current
// leader (published in the Lease, manager/rollout/lease.ts) and streams the answer back unchanged. The
// caller's Authorization header goes along; the leader authenticates as usual. A forwarded request carries
// FORWARDED_HEADER and is never forwarded again, so two replicas that disagree on who leads cannot loop.
// No leader known, or the leader unreachable: 503 with Retry-After (filters retry ingest with backoff).
import http from "node:http";
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import type { ManagerMetrics } from "./metrics.ts";

export const FORWARDED_HEADER = "x-l7guard-forwarded";

export interface LeaderLink {
  isLeader(): boolean;
  /** The leader's base URL (http://HOST:PORT) when another replica leads and is known; else undefined. */
  leaderUrl(): string | undefined;
}

export interface ForwardOptions {
  /** Seconds a caller should wait before retrying a 503 (default 2). */
  retryAfterSeconds?: number;
  /** Socket idle timeout towards the leader, connecting included (default 10 s): a dead pod IP may never refuse. */
  timeoutMs?: number;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) are for one connection only; host is set for the leader's address.
const HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host"]);

function copyHeaders(from: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  const named = String(from.connection ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const [k, v] of Object.entries(from)) if (v !== undefined && !HOP.has(k) && !named.includes(k)) out[k] = v;
  return out;
}

export type ForwardFailure = "no_leader" | "not_leader" | "unreachable";

export class LeaderForwarder {
  private agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  constructor(private link: LeaderLink, private metrics: ManagerMetrics, private opts: ForwardOptions = {}) {}

  /** The onRequest hook for leader-owned routes: serve locally on the leader, forward on a standby. */
  readonly hook: onRequestHookHandler = async (req, reply) => {
    if (this.link.isLeader()) return; // the leader serves, forwarded or not
    if (req.headers[FORWARDED_HEADER] !== undefined) {
      return this.unavailable(req, reply, "not_leader", "this manager replica received a forwarded request but is not the leader (leadership is changing); retry");
    }
    const base = this.link.leaderUrl();
    if (!base) return this.unavailable(req, reply, "no_leader", "no manager leader is known yet (leader election in progress); telemetry is served by the leader only; retry");
    reply.hijack();
    await this.forward(req, reply, base);
    return reply;
  };

  private unavailable(req: FastifyRequest, reply: FastifyReply, reason: ForwardFailure, error: string) {
    this.metrics.recordForwardFailure(reason);
    req.log.warn({ reason, url: req.url }, "telemetry request not served: no reachable leader");
    return reply.code(503).header("retry-after", String(this.opts.retryAfterSeconds ?? 2)).send({ error });
  }

  private forward(req: FastifyRequest, reply: FastifyReply, base: string): Promise<void> {
    const kind = req.routeOptions.url === "/api/v1/ingest" ? "ingest" : "analytics";
    return new Promise<void>((resolve) => {
      let target: URL;
      try { target = new URL(req.raw.url ?? "/", new URL(base).origin); } catch {
        this.fail(req, reply, `the leader's published address '${base}' is not a URL`); return resolve();
      }
      const headers = copyHeaders(req.raw.headers);
      headers[FORWARDED_HEADER] = "1";
      const xff = req.raw.headers["x-forwarded-for"];
      headers["x-forwarded-for"] = xff ? `${xff}, ${req.ip}` : req.ip;
      const upstream = http.request(target, { method: req.raw.method, headers, agent: this.agent, timeout: this.opts.timeoutMs ?? 10_000 }, (res) => {
        this.metrics.recordForwarded(kind);
        reply.raw.writeHead(res.statusCode ?? 502, copyHeaders(res.headers));
        res.pipe(reply.raw);
        res.on("error", () => reply.raw.destroy());
        res.on("end", () => resolve());
        reply.raw.on("close", () => { if (!res.complete) res.destroy(); resolve(); });
      });
      upstream.on("timeout", () => upstream.destroy(new Error(`no answer from the leader within ${this.opts.timeoutMs ?? 10_000} ms`)));
      // The caller went away before the answer was complete: stop the upstream request too.
      reply.raw.on("close", () => { if (!reply.raw.writableFinished) upstream.destroy(); });
      upstream.on("error", (e) => {
        if (reply.raw.destroyed) return resolve(); // the caller left; nothing to answer
        if (reply.raw.headersSent) reply.raw.destroy(); // the answer had started: cut it so the caller sees it incomplete
        else this.fail(req, reply, `the manager leader at ${target.origin} is unreachable (${e.message}); retry`);
        resolve();
      });
      req.raw.on("error", () => upstream.destroy());
      req.raw.pipe(upstream);
    });
  }

  private fail(req: FastifyRequest, reply: FastifyReply, error: string) {
    this.metrics.recordForwardFailure("unreachable");
    req.log.warn({ url: req.url, error }, "telemetry forward to the leader failed");
    const body = JSON.stringify({ error });
    reply.raw.writeHead(503, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "retry-after": String(this.opts.retryAfterSeconds ?? 2) });
    reply.raw.end(body);
  }

  close(): void { this.agent.destroy(); }
}
