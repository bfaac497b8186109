// Geo: client IPs from aggregates are stored per service and counted per country on read, with the
// IP-to-country data the npm package ships (no network).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildManager, type Manager } from "../../manager/server.ts";
import { countryOf, parseIpv6 } from "../../manager/telemetry/geo.ts";
import { tempDir } from "../support/temp-dir.ts";

test("countryOf: IPv4, IPv6, IPv4-mapped, private and invalid addresses", () => {
  assert.equal(countryOf("8.8.8.8"), "US");
  assert.equal(countryOf("1.0.0.1"), "AU");
  assert.equal(countryOf("81.2.69.142"), "GB");
  assert.equal(countryOf("2001:4860:4860::8888"), "US");
  assert.equal(countryOf("::ffff:8.8.8.8"), "US");
  for (const ip of ["10.0.0.7", "192.168.1.1", "172.20.0.1", "127.0.0.1", "::1", "fe80::1", "fd00::5"]) assert.equal(countryOf(ip), "private", ip);
  for (const ip of ["nope", "1.2.3.256", "1:2:3", "1::2::3", ""]) assert.equal(countryOf(ip), "invalid", ip);
  assert.equal(parseIpv6("::ffff:1.2.3.4"), 0xffff01020304n);
});

const COLLECTOR = "collector-token-geo-000001";
const VIEWER = "viewer-token-geo-0000000001";
let manager: Manager;
let base = "";
before(async () => {
  manager = await buildManager({ dataDir: tempDir("l7guard-geo-"), apiTokens: [{ token: VIEWER, role: "viewer" }], collectorTokens: [COLLECTOR] });
  base = await manager.app.listen({ host: "127.0.0.1", port: 0 });
});
after(() => manager.close());

test("GET /api/v1/geo counts distinct client IPs and requests per country, filterable by service", async () => {
  const edge = { namespace: "shop", workload: "frontend" };
  const agg = (dst: Record<string, string>, clients: Array<{ ip: string; count: number }>) => ({ source: { host: "internet", external: true }, destination: dst, direction: "inbound",
    endpoint: { method: "GET", pathTemplate: "/" }, statusClass: "2xx", count: clients.reduce((n, c) => n + c.count, 0), clients });
  const body = { schemaVersion: 1, batchId: "geo-1", reporter: edge, windowStart: 1, windowEnd: 2, aggregates: [
    agg(edge, [{ ip: "8.8.8.8", count: 5 }, { ip: "8.8.4.4", count: 1 }, { ip: "81.2.69.142", count: 2 }, { ip: "10.0.0.9", count: 7 }]),
    agg({ namespace: "shop", workload: "admin" }, [{ ip: "8.8.8.8", count: 3 }]),
  ] };
  for (let i = 0; i < 2; i++) {
    const r = await fetch(`${base}/api/v1/ingest`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${COLLECTOR}` }, body: JSON.stringify(body) });
    assert.equal(r.status, 202);
  }
  const get = async (q: string) => (await (await fetch(`${base}/api/v1/geo${q}`, { headers: { authorization: `Bearer ${VIEWER}` } })).json() as any).countries;
  assert.deepEqual(await get(""), [{ country: "US", clients: 2, requests: 9 }, { country: "private", clients: 1, requests: 7 }, { country: "GB", clients: 1, requests: 2 }]);
  assert.deepEqual(await get(`?service=${encodeURIComponent("shop/admin")}`), [{ country: "US", clients: 1, requests: 3 }]);
  assert.equal((await fetch(`${base}/api/v1/geo`)).status, 401);
});
