// The SQLite store's rollout status is buffered and written in one transaction; reads see buffered rows,
// close() writes them, and they are there after reopening.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqlitePolicyStore } from "../../manager/store/policy-store.ts";

test("buffered status rows: visible at once, durable after close, last write wins, delete sees buffered rows", async () => {
  const dir = mkdtempSync(join(tmpdir(), "l7g-store-"));
  try {
    let s = new SqlitePolicyStore(dir, 60_000); // a flush timer that never fires during the test
    for (let i = 0; i < 1000; i++) s.setStatus({ namespace: `ns-${String(i).padStart(4, "0")}`, target: "kubernetes", desiredVersion: 1, appliedVersion: 1, lastError: null });
    s.setStatus({ namespace: "ns-0007", target: "kubernetes", desiredVersion: 2, appliedVersion: 1, lastError: "boom" });
    const listed = s.listStatus();
    assert.equal(listed.length, 1000);
    assert.deepEqual(listed.find((r) => r.namespace === "ns-0007"), { ...listed.find((r) => r.namespace === "ns-0007")!, desiredVersion: 2, appliedVersion: 1, lastError: "boom" });
    s.setStatus({ namespace: "ns-0999", target: "kubernetes", desiredVersion: 3, appliedVersion: 3, lastError: null });
    s.setStatus({ namespace: "ns-0001", target: "kubernetes", desiredVersion: 3, appliedVersion: 3, lastError: null });
    s.deleteStatus("ns-0001", "kubernetes"); // buffered write then delete: gone
    s.setStatus({ namespace: "ns-0002", target: "kubernetes", desiredVersion: 4, appliedVersion: 4, lastError: null });
    s.close(); // unflushed rows written on close
    s = new SqlitePolicyStore(dir);
    const after = s.listStatus();
    assert.equal(after.length, 999);
    assert.equal(after.find((r) => r.namespace === "ns-0001"), undefined);
    assert.equal(after.find((r) => r.namespace === "ns-0999")!.appliedVersion, 3);
    assert.equal(after.find((r) => r.namespace === "ns-0002")!.appliedVersion, 4);
    s.close();
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
