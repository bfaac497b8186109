// Local rollout target: the same reconciler pushes each namespace's compiled config to its gateways'
// admin listeners (tiny fake admin servers here, speaking the gateway's admin contract).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildManager } from "../../manager/server.ts";
import { LocalTarget, parseLocalTargets, type LocalGateway } from "../../manager/rollout/local-target.ts";

interface FakeAdmin { url: string; config: unknown; posts: number; reject?: string; server: Server }
async function fakeAdmin(): Promise<FakeAdmin> {
  const a = { config: { schemaVersion: 1 }, posts: 0 } as FakeAdmin;
  a.server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "GET" && req.url === "/config") return res.end(JSON.stringify(a.config));
      if (req.method === "GET" && req.url === "/ready") return res.end("{}");
      if (req.method === "POST" && req.url === "/config") {
        a.posts++;
        if (a.reject) { res.statusCode = 400; return res.end(JSON.stringify({ accepted: false, error: a.reject })); }
        a.config = JSON.parse(body);
        return res.end(JSON.stringify({ accepted: true }));
      }
      res.statusCode = 404; res.end("{}");
    });
  });
  await new Promise<void>((r) => a.server.listen(0, "127.0.0.1", r));
  a.url = `http://127.0.0.1:${(a.server.address() as { port: number }).port}`;
  return a;
}

const dirs: string[] = [];
const servers: Server[] = [];
after(() => { for (const s of servers) s.close(); for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

test("targets file: unknown fields and bad values are clear errors", () => {
  assert.throws(() => parseLocalTargets("{}", "t.json"), /must be a JSON array/);
  assert.throws(() => parseLocalTargets('[{"namespace":"shop","workload":"a","admin":"http://x","port":1}]', "t.json"), /t.json\/0\/port: unknown field/);
  assert.throws(() => parseLocalTargets('[{"namespace":"Shop","workload":"a","admin":"http://x"}]', "t.json"), /namespace: must be a DNS label/);
  assert.throws(() => parseLocalTargets('[{"namespace":"shop","workload":"a","admin":"ftp://x"}]', "t.json"), /admin: must be an http/);
  assert.throws(() => parseLocalTargets("[", "t.json"), /invalid JSON/);
});

test("policy change reaches every gateway of every namespace; unchanged configs are not re-posted; rejection is reported", async () => {
  const [a1, a2, b1] = [await fakeAdmin(), await fakeAdmin(), await fakeAdmin()];
  servers.push(a1.server, a2.server, b1.server);
  const gateways: LocalGateway[] = [
    { namespace: "shop", workload: "orders", admin: a1.url }, { namespace: "shop", workload: "cart", admin: a2.url }, { namespace: "billing", workload: "pay", admin: b1.url },
  ];
  const dir = mkdtempSync(join(tmpdir(), "l7g-local-")); dirs.push(dir);
  writeFileSync(join(dir, "targets.json"), JSON.stringify(gateways));
  const m = await buildManager({ dataDir: dir, apiTokens: [{ token: "editor-token-0123456789", role: "editor" }], collectorTokens: [], rolloutTarget: new LocalTarget(() => gateways), reconcile: { autoStart: false } });
  try {
    const post = (policy: unknown) => m.app.inject({ method: "POST", url: "/api/v1/policy", headers: { authorization: "Bearer editor-token-0123456789" }, payload: { message: "m", policy } });
    assert.equal((await post({ schemaVersion: 1, defaults: { mode: "monitor" }, namespaces: { shop: { mode: "enforce" } } })).statusCode, 201);
    // Storing a version kicks a pass by itself; trigger() joins it (and runs once more if needed).
    await m.reconciler!.trigger();
    assert.deepEqual([a1.config, a2.config, b1.config].map((c) => (c as { mode: string; policyVersion: number }).mode), ["enforce", "enforce", "monitor"]);
    assert.equal((a1.config as { policyVersion: number }).policyVersion, 1);
    const r2 = await m.reconciler!.trigger();
    assert.deepEqual(r2, { applied: 0, unchanged: 2, failed: 0, pruned: 0 });
    assert.equal(a1.posts + a2.posts + b1.posts, 3, "idempotent: nothing re-posted");

    // Dry run reports which namespaces would change and changes nothing.
    const dry = await m.app.inject({ method: "POST", url: "/api/v1/policy:dryRun", headers: { authorization: "Bearer editor-token-0123456789" }, payload: { policy: { schemaVersion: 1, defaults: { mode: "enforce" } } } });
    const plan = Object.fromEntries(JSON.parse(dry.body).namespaces.map((n: { namespace: string; change: string }) => [n.namespace, n.change]));
    assert.deepEqual(plan, { billing: "update", shop: "update" });
    assert.equal((b1.config as { mode: string }).mode, "monitor");

    b1.reject = "limits.maxBodyBytes: too large";
    await post({ schemaVersion: 1, defaults: { mode: "enforce" } });
    await m.reconciler!.trigger();
    const status = JSON.parse((await m.app.inject({ method: "GET", url: "/api/v1/rollout", headers: { authorization: "Bearer editor-token-0123456789" } })).body);
    const billing = status.namespaces.find((n: { namespace: string }) => n.namespace === "billing");
    assert.equal(billing.desiredVersion, 2);
    assert.equal(billing.appliedVersion, 1);
    assert.match(billing.lastError, /billing\/pay: config rejected \(400: limits.maxBodyBytes: too large\)/);
    const shop = status.namespaces.find((n: { namespace: string }) => n.namespace === "shop");
    assert.deepEqual([shop.desiredVersion, shop.appliedVersion, shop.lastError], [2, 2, null]);
  } finally { await m.close(); }
});
