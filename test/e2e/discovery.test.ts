// End to end: traffic through the demo's gateways (real HTTP, real filter), telemetry batched by the filter
// over proxy_http_call to the manager, stored in SQLite, and read back from the manager's API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { startDemo } from "../../demo/main.ts";

test("graph, inventory, OpenAPI schemas, PII map and events come out of real traffic", async () => {
  const demo = await startDemo({ quiet: true, flushIntervalMs: 200 });
  try {
    const send = (service: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => demo.send({ service, method, path, body, headers, label: "" });
    assert.equal((await send("frontend", "POST", "/checkout", { productId: 2, email: "a@example.com" })).status, 201);
    for (const id of [11, 12, 13]) assert.equal((await send("orders", "GET", `/orders/${id}`)).status, 200);
    assert.equal((await send("orders", "POST", "/orders", { productId: "1; DROP TABLE orders" })).status, 403);
    for (const gw of demo.gateways) await gw.close(); // flush every filter's last window
    const api = async (path: string) => (await fetch(`${demo.managerUrl}${path}`, { headers: { authorization: `Bearer ${demo.apiToken}` } })).json() as Promise<any>;

    const graph = await api("/api/v1/graph");
    const edge = (s: string, d: string) => graph.edges.find((e: any) => e.source === s && e.destination === d);
    assert.ok(edge("shop/frontend", "shop/orders"), JSON.stringify(graph.edges));
    assert.ok(edge("shop/orders", "shop/payments"));
    assert.equal(edge("external:127.0.0.1", "shop/orders")?.blocked, 1, "the blocked call is counted on the client's edge");

    const endpoints = (await api("/api/v1/endpoints?service=shop/orders")).endpoints.map((e: any) => `${e.method} ${e.pathTemplate} ${e.count}`);
    assert.ok(endpoints.includes("GET /orders/{id} 3"), endpoints.join("; "));
    assert.ok(endpoints.some((e: string) => e.startsWith("POST /orders ")));

    // Schemas learned from the bodies the filters sampled (the demo's default sampling).
    const doc = await api(`/api/v1/services/${encodeURIComponent("shop/orders")}/openapi`);
    const order = doc.paths["/orders/{id}"]?.get?.responses?.["200"]?.content?.["application/json"]?.schema;
    assert.ok(order, JSON.stringify(doc.paths));
    assert.deepEqual(order.properties.id, { type: "integer" });
    assert.deepEqual(order.properties.customer.properties.email.format, "email");
    assert.ok(order.properties.card["x-pii"].includes("card"), JSON.stringify(order.properties.card));
    const checkout = await api(`/api/v1/services/${encodeURIComponent("shop/frontend")}/openapi`);
    assert.deepEqual(checkout.paths["/checkout"]?.post?.requestBody?.content?.["application/json"]?.schema?.required, ["email", "productId"]);

    // The PII map: the customer's email travels frontend -> orders in the request, and orders returns a card.
    const pii = await api("/api/v1/pii");
    const flow = (type: string, s: string, d: string, dir: string) => pii.flows.find((f: any) => f.type === type && f.source === s && f.destination === d && f.direction === dir);
    assert.ok(flow("email", "shop/frontend", "shop/orders", "request"), JSON.stringify(pii.flows));
    assert.ok(flow("card", "shop/orders", "external:127.0.0.1", "response"), JSON.stringify(pii.flows));

    const events = (await api("/api/v1/events?category=rule")).events;
    const block = events.find((e: any) => e.type === "no-sql-drop");
    assert.equal(block?.action, "block");
    assert.equal(block?.service, "shop/orders");
    assert.equal(block?.pathTemplate, "/orders");
  } finally {
    await demo.stop();
  }
  // The demo's temporary store goes with it.
  assert.equal(existsSync(demo.dataDir), false, demo.dataDir);
});
