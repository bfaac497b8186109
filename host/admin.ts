// The gateway's admin listener, in the style of Envoy's admin interface:
//   GET  /ready              200 LIVE when the filter is configured and serving, else 503
//   GET  /stats/prometheus   host stats (custom wasm metrics, Envoy-style names) and gateway counters
//   GET  /config             the current filter configuration (JSON)
//   POST /config             ECDS-like reload: 200 {"accepted":true} / 400 {"accepted":false,"error":"..."}
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Gateway } from "./gateway.ts";

export interface AdminServer { server: Server; url: string; close(): Promise<void> }

const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export async function startAdmin(gateway: Gateway, listen: { host: string; port: number }): Promise<AdminServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const json = (status: number, body: unknown) => { res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body)); };
    if (req.method === "GET" && path === "/ready") {
      const live = !gateway.host.failed;
      res.writeHead(live ? 200 : 503, { "content-type": "text/plain" }).end(live ? "LIVE\n" : "FAILED\n");
      return;
    }
    if (req.method === "GET" && path === "/stats/prometheus") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(gateway.host.stats.renderPrometheus());
      return;
    }
    if (req.method === "GET" && path === "/config") {
      res.writeHead(200, { "content-type": "application/json" }).end(gateway.config);
      return;
    }
    if (req.method === "POST" && path === "/config") {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => { size += c.length; if (size <= MAX_CONFIG_BYTES) chunks.push(c); });
      req.on("end", async () => {
        if (size > MAX_CONFIG_BYTES) return json(413, { accepted: false, error: `configuration larger than ${MAX_CONFIG_BYTES} bytes` });
        const text = Buffer.concat(chunks).toString("utf8");
        try { JSON.parse(text); } catch (e) { return json(400, { accepted: false, error: `invalid JSON: ${(e as Error).message}` }); }
        try {
          const result = await gateway.reconfigure(text);
          if (result.accepted) json(200, { accepted: true });
          else json(400, { accepted: false, error: result.error ?? "rejected by the filter" });
        } catch (e) {
          json(500, { accepted: false, error: (e as Error).message });
        }
      });
      return;
    }
    json(404, { error: `no admin endpoint ${req.method} ${path}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => { server.off("error", reject); resolve(); });
  });
  const a = server.address() as AddressInfo;
  const url = `http://${a.address.includes(":") ? `[${a.address}]` : a.address}:${a.port}`;
  return {
    server, url,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
