// Policy API: validation with JSON pointers, immutable versions, diff, rollback, canary/promote, dry run,
// compile per namespace, auth (401/403 without leaking), audit log, openapi, health, metrics.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildManager, type Manager } from "../../manager/server.ts";
import { compileForNamespace, validateFilterConfig } from "../../manager/policy/compile.ts";
import { validatePolicy, type Policy } from "../../manager/policy/model.ts";

const ADMIN = "admin-token-0123456789abcdef";
const EDITOR = "editor-token-0123456789abcdef";
const VIEWER = "viewer-token-0123456789abcdef";
let dir: string;
let m: Manager;

const base: Policy = {
  schemaVersion: 1,
  defaults: { mode: "monitor", actions: { default: { request: "alert", response: "alert" }, pii: { card: { response: "redact" } } }, limits: { maxBodyBytes: 65536 } },
  namespaces: { shop: { mode: "enforce", actions: { attacks: { sqli: { request: "block" } } } } },
  rules: [
    { id: "block-admin", action: "block", scope: { namespace: "shop", route: { path: "/admin/{id}/delete", methods: ["POST"] } } },
    { id: "allow-health", action: "allow", scope: { host: "health.internal" } },
  ],
  collector: { cluster: "outbound|9080||l7guard-manager.l7guard-system.svc.cluster.local", token: "collector-secret" },
};

async function call(method: string, url: string, token?: string, body?: unknown) {
  const r = await m.app.inject({ method: method as "GET", url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body !== undefined ? { payload: body as object } : {}) });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined, raw: r.body };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "l7g-policy-"));
  m = await buildManager({
    dataDir: dir, collectorTokens: ["collector-token-0123456789"],
    apiTokens: [{ token: ADMIN, role: "admin", name: "alice" }, { token: EDITOR, role: "editor", name: "bob" }, { token: VIEWER, role: "viewer" }],
  });
});
after(async () => { await m.close(); rmSync(dir, { recursive: true, force: true }); });

test("health endpoints are open, everything else needs a token; 401/403 reveal nothing", async () => {
  assert.equal((await call("GET", "/healthz")).status, 200);
  assert.equal((await call("GET", "/readyz")).status, 200);
  const none = await call("GET", "/api/v1/policy");
  assert.equal(none.status, 401);
  assert.deepEqual(none.body, { error: "authentication required" });
  const wrong = await call("GET", "/api/v1/policy", "not-a-real-token-at-all");
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, none.body, "wrong and missing tokens are indistinguishable");
  const forbidden = await call("POST", "/api/v1/policy", VIEWER, { message: "x", policy: base });
  assert.equal(forbidden.status, 403);
  assert.deepEqual(forbidden.body, { error: "not allowed" });
  assert.equal((await call("GET", "/api/v1/audit", EDITOR)).status, 403, "audit log is admin-only");
  assert.equal((await call("GET", "/openapi.json")).status, 401);
  assert.equal((await call("GET", "/metrics")).status, 401);
});

test("bad policy: 400 with every error's pointer, nothing stored", async () => {
  const bad = {
    message: "bad", policy: {
      schemaVersion: 1, surprise: true,
      defaults: { mode: "block-everything", limits: { maxBodyBytes: -1 } },
      namespaces: { Shop_Bad: {} },
      rules: [{ id: "a", action: "block", scope: { service: "s", host: "h" } }, { id: "a", action: "alert", scope: { route: { path: "/x/{unclosed" } } }],
      plugin: { selector: { matchLabels: { app: "x" } }, targetRefs: [{ kind: "Service", name: "x" }] },
    },
  };
  const r = await call("POST", "/api/v1/policy", EDITOR, bad);
  assert.equal(r.status, 400);
  const pointers = r.body.errors.map((e: { pointer: string }) => e.pointer);
  for (const p of ["/policy/surprise", "/policy/defaults/mode", "/policy/defaults/limits/maxBodyBytes", "/policy/namespaces", "/policy/rules/0/scope", "/policy/plugin"]) {
    assert.ok(pointers.includes(p), `expected an error at ${p}, got ${JSON.stringify(r.body.errors)}`);
  }
  assert.equal(r.body.errors.find((e: { pointer: string }) => e.pointer === "/policy/surprise").message, "unknown field");
  assert.equal(r.body.errors.find((e: { pointer: string }) => e.pointer === "/policy/plugin").message, "selector and targetRefs are mutually exclusive");
  // Semantic errors (duplicate id, unbalanced template) come once the schema passes.
  const sem = await call("POST", "/api/v1/policy", EDITOR, { message: "x", policy: { schemaVersion: 1, rules: [{ id: "a", action: "block" }, { id: "a", action: "alert", scope: { route: { path: "/x/{unclosed" } } }] } });
  assert.equal(sem.status, 400);
  assert.deepEqual(sem.body.errors.map((e: { pointer: string }) => e.pointer).sort(), ["/policy/rules/1/id", "/policy/rules/1/scope/route/path"]);
  const extra = await call("POST", "/api/v1/policy", EDITOR, { message: "x", policy: base, note: 1 });
  assert.deepEqual(extra.body.errors, [{ pointer: "/note", message: "unknown field" }]);
  const notJson = await m.app.inject({ method: "POST", url: "/api/v1/policy", headers: { authorization: `Bearer ${EDITOR}`, "content-type": "application/json" }, payload: "{nope" });
  assert.equal(notJson.statusCode, 400);
  assert.equal((await call("GET", "/api/v1/policy", VIEWER)).status, 404, "no version was stored");
  assert.equal(m.policyStore.listVersions(10).length, 0);
});

test("versions are numbered and immutable; diff, rollback, audit", async () => {
  const v1 = await call("POST", "/api/v1/policy", EDITOR, { message: "first", policy: base });
  assert.equal(v1.status, 201);
  assert.equal(v1.body.version, 1);
  assert.equal(v1.body.author, "bob");
  assert.equal(v1.body.message, "first");
  assert.ok(!Number.isNaN(Date.parse(v1.body.createdAt)));
  const changed = structuredClone(base);
  changed.defaults!.mode = "enforce";
  delete changed.namespaces;
  const v2 = await call("POST", "/api/v1/policy", ADMIN, { message: "enforce everywhere", policy: changed });
  assert.equal(v2.body.version, 2);
  assert.equal(v2.body.author, "alice");
  const diff = await call("GET", "/api/v1/policy/diff?from=1&to=2", VIEWER);
  assert.equal(diff.status, 200);
  assert.deepEqual(diff.body.changes, [
    { op: "replace", path: "/defaults/mode", from: "monitor", to: "enforce" },
    { op: "remove", path: "/namespaces", from: base.namespaces },
  ]);
  const rb = await call("POST", "/api/v1/policy:rollback", EDITOR, { version: 1 });
  assert.equal(rb.status, 201);
  assert.equal(rb.body.version, 3);
  assert.equal(rb.body.rollbackOf, 1);
  const v3 = await call("GET", "/api/v1/policy/versions/3", VIEWER);
  assert.deepEqual(v3.body.policy, base);
  const v1again = await call("GET", "/api/v1/policy/versions/1", VIEWER);
  assert.deepEqual(v1again.body.policy, base, "history is unchanged");
  assert.deepEqual((await call("GET", "/api/v1/policy/diff?from=1&to=3", VIEWER)).body.changes, []);
  assert.equal((await call("POST", "/api/v1/policy:rollback", EDITOR, { version: 99 })).status, 404);
  assert.equal((await call("POST", "/api/v1/policy:rollback", EDITOR, { version: "1" })).status, 400);
  const list = await call("GET", "/api/v1/policy/versions", VIEWER);
  assert.deepEqual(list.body.versions.map((v: { version: number }) => v.version), [3, 2, 1]);
  const audit = await call("GET", "/api/v1/audit", ADMIN);
  assert.deepEqual(audit.body.entries.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`), ["policy.rollback:bob", "policy.create:alice", "policy.create:bob"]);
  assert.ok(!audit.raw.includes(EDITOR) && !audit.raw.includes(ADMIN), "the audit log never holds tokens");
});

test("compile: defaults + namespace override + mode label, rule scoping, valid against the filter-config schema", () => {
  const shop = compileForNamespace({ policy: base, version: 7, namespace: "shop" });
  assert.equal(shop.schemaVersion, 1);
  assert.equal(shop.policyVersion, 7);
  assert.equal(shop.mode, "enforce");
  assert.deepEqual(shop.actions, { default: { request: "alert", response: "alert" }, pii: { card: { response: "redact" } }, attacks: { sqli: { request: "block" } } });
  assert.deepEqual(shop.rules, [
    { id: "block-admin", action: "block", match: { methods: ["POST"], pathPrefix: "/admin/" } },
    { id: "allow-health", action: "allow", match: { header: { name: ":authority", equals: "health.internal" } } },
  ]);
  const other = compileForNamespace({ policy: base, version: 7, namespace: "billing", modeLabel: "enforce" });
  assert.equal(other.mode, "enforce", "the namespace mode label wins");
  assert.equal((other.rules as unknown[]).length, 1, "namespace-scoped rule left out");
  assert.equal(compileForNamespace({ policy: base, version: 7, namespace: "billing" }).mode, "monitor");
  assert.deepEqual(validateFilterConfig(shop), []);
  assert.deepEqual(validateFilterConfig({ ...shop, extra: 1 }).length, 1);
  assert.equal(validatePolicy({ schemaVersion: 1, defaults: { redaction: { style: "hash" } } }).ok, false);
});

test("canary: new version reaches labelled namespaces first, everyone after promote", async () => {
  const { desiredVersionFor } = await import("../../manager/rollout/desired.ts");
  const latestBefore = m.policyStore.latest()!.version;
  const canary = { ...base, canary: { namespaceSelector: { "l7guard.io/canary": "true" } } };
  const r = await call("POST", "/api/v1/policy", EDITOR, { message: "canary", policy: canary });
  assert.equal(r.body.promoted, false);
  assert.equal(desiredVersionFor(m.policyStore, { "l7guard.io/canary": "true" })!.version, r.body.version);
  assert.equal(desiredVersionFor(m.policyStore, {})!.version, latestBefore);
  assert.equal((await call("POST", "/api/v1/policy:promote", EDITOR, { version: 1 })).status, 409);
  const p = await call("POST", "/api/v1/policy:promote", EDITOR, {});
  assert.equal(p.status, 200);
  assert.equal(p.body.promoted, true);
  assert.equal(desiredVersionFor(m.policyStore, {})!.version, r.body.version);
  const audit = await call("GET", "/api/v1/audit?limit=1", ADMIN);
  assert.equal(audit.body.entries[0].action, "policy.promote");
});

test("dry run compiles without storing; openapi, metrics, compiled endpoint", async () => {
  const count = m.policyStore.listVersions(100).length;
  const d = await call("POST", "/api/v1/policy:dryRun", EDITOR, { policy: base });
  assert.equal(d.status, 200);
  assert.equal(d.body.namespaces[0].namespace, "shop");
  assert.equal(d.body.namespaces[0].config.mode, "enforce");
  assert.equal((await call("POST", "/api/v1/policy:dryRun", EDITOR, { policy: { schemaVersion: 2 } })).status, 400);
  assert.equal(m.policyStore.listVersions(100).length, count);
  const c = await call("GET", "/api/v1/policy/versions/1/compiled?namespace=shop", VIEWER);
  assert.equal(c.body.mode, "enforce");
  const api = await call("GET", "/openapi.json", VIEWER);
  assert.equal(api.status, 200);
  for (const path of ["/api/v1/policy", "/api/v1/policy:dryRun", "/api/v1/policy:rollback", "/api/v1/policy:promote", "/api/v1/policy/diff", "/api/v1/rollout", "/api/v1/audit"]) {
    assert.ok(api.body.paths[path], `openapi documents ${path}: ${Object.keys(api.body.paths).join(",")}`);
  }
  const metrics = await m.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${VIEWER}` } });
  assert.match(metrics.body, /l7guard_manager_reconcile_passes_total \d+/);
});
