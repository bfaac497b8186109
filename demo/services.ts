// Demo services, described as data: each is a tiny JSON HTTP service. Calls between services go through
// the callee's gateway and carry the caller's identity header (the role Istio's peer metadata plays).
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PEER_HEADER } from "../host/gateway.ts";

export interface DemoService { name: string; namespace: string; server: Server; url: string }

export type Handler = (req: { method: string; path: string; body: string; json: any }, ctx: { call: (service: string, method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }> }) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown };

// The gateway URL of every service, filled once the gateways are up.
export const gatewayUrls = new Map<string, string>();

export async function startService(namespace: string, name: string, routes: Record<string, Handler>): Promise<DemoService> {
  const call = (service: string, method: string, path: string, body?: unknown) => new Promise<{ status: number; body: any }>((resolve, reject) => {
    const base = gatewayUrls.get(service);
    if (!base) { reject(new Error(`unknown service ${service}`)); return; }
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(new URL(path, base), {
      method, headers: { [PEER_HEADER]: `${namespace}/${name}`, ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => { const text = Buffer.concat(chunks).toString(); let parsed: unknown = text; try { parsed = JSON.parse(text); } catch { /* not JSON */ } resolve({ status: res.statusCode ?? 0, body: parsed }); });
    });
    req.on("error", reject);
    req.end(data);
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString();
      let json: unknown;
      try { json = body ? JSON.parse(body) : undefined; } catch { json = undefined; }
      const path = (req.url ?? "/").split("?")[0];
      const key = Object.keys(routes).find((pattern) => matches(pattern, `${req.method} ${path}`));
      try {
        const out = key ? await routes[key]({ method: req.method ?? "GET", path, body, json }, { call }) : { status: 404, body: { error: "not found" } };
        const payload = Buffer.from(JSON.stringify(out.body));
        res.writeHead(out.status, { "content-type": "application/json", "content-length": String(payload.length) }).end(payload);
      } catch (e) {
        res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ error: (e as Error).message }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { name, namespace, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// "GET /orders/{id}" matches "GET /orders/42".
function matches(pattern: string, actual: string): boolean {
  const p = pattern.split("/");
  const a = actual.split("/");
  return p.length === a.length && p.every((seg, i) => seg.startsWith("{") || seg === a[i]);
}
