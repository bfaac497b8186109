// `npm start` runs `l7guard demo`: it must start, send its traffic through real gateways, block the
// attacks, pass normal calls (including service-to-service fan-out), and exit cleanly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";

const root = new URL("../../", import.meta.url).pathname;

test("the demo runs its scenarios through the gateways and blocks the attacks", async () => {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [`${root}bin/l7guard.mjs`, "demo", "--requests", "9", "--interval", "0", "--quiet"], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stdout}\n${stderr}`)); else resolve(stdout);
    });
  });
  assert.match(out, /shop\/frontend\s+service http:\/\/127\.0\.0\.1:\d+\s+gateway http:\/\/127\.0\.0\.1:\d+/);
  assert.match(out, /POST frontend\/checkout\s+-> 201 alert/, "the checkout fans out frontend -> orders -> payments; its card is alerted on");
  assert.match(out, /-> 403 block rule=no-sql-drop/);
  assert.match(out, /-> 403 block rule=no-admin-from-outside/);
  assert.match(out, /-> 403 block rule=no-jndi/);
  assert.match(out, /-> 200 alert/);
  assert.match(out, /-> 403 block pii=ssn/, "an SSN sent to payments is blocked");
  assert.match(out, /response as the client sees it: .*"email":"\*\*\*@\*\*\*\*\*\*\*\.\*\*\*".*"card":"\*\*\*\* \*\*\*\* \*\*\*\* 1111"/, "PII in responses is masked");
  assert.match(out, /response as the client sees it: .*"database":"postgres:\/\/payments:\*{10}@db\.shop\.svc:5432\/payments".*"stripeKey":"\*+"/, "leaked credentials in a response are masked, the rest of the URL kept");
  assert.match(out, /done: 9 requests, \d+ passed, 4 blocked, \d+ alerted, 0 errors/);
  assert.match(out, /shop\/frontend -> shop\/orders: 1 requests/, "the manager's service graph is printed");
  assert.match(out, /shop\/orders\s+GET\s+\/orders\/\{id\}/, "the API inventory has templated paths");
});
