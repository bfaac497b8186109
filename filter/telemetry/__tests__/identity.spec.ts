import { Workload, destinationFromAuthority, isPairsBlock, userFromAuthn } from "../identity";

function dest(authority: string): Workload {
  const w = new Workload();
  destinationFromAuthority(authority, "home", w);
  return w;
}

describe("outbound destination from :authority", () => {
  it("maps in-mesh service names to workloads", () => {
    let w = dest("orders");
    expect(w.external).toBe(false);
    expect(w.workload).toBe("orders");
    expect(w.namespace).toBe("home", "a bare name is in the caller's namespace");
    w = dest("orders.shop:8080");
    expect(w.namespace).toBe("shop");
    expect(w.host).toBe("orders.shop");
    w = dest("payments.billing.svc.cluster.local");
    expect(w.external).toBe(false);
    expect(w.workload).toBe("payments");
    expect(w.namespace).toBe("billing");
  });
  it("treats public hosts and IP literals as external", () => {
    expect(dest("api.stripe.com").external).toBe(true);
    expect(dest("example.io:443").external).toBe(true);
    expect(dest("10.1.2.3:9000").external).toBe(true);
    expect(dest("[fd00::1]:80").external).toBe(true);
    expect(dest("API.Example.COM").host).toBe("api.example.com");
  });
});

// A pairs block (the proxy-wasm map encoding) of keys and values given as byte buffers.
function pairs(keys: ArrayBuffer[], values: ArrayBuffer[]): ArrayBuffer {
  let size = 4 + keys.length * 8;
  for (let i = 0; i < keys.length; i++) size += keys[i].byteLength + values[i].byteLength + 2;
  const out = new ArrayBuffer(size);
  const p = changetype<usize>(out);
  store<u32>(p, keys.length);
  let off = 4 + keys.length * 8;
  for (let i = 0; i < keys.length; i++) {
    store<u32>(p + 4 + <usize>i * 8, keys[i].byteLength);
    store<u32>(p + 8 + <usize>i * 8, values[i].byteLength);
    memory.copy(p + <usize>off, changetype<usize>(keys[i]), <usize>keys[i].byteLength);
    off += keys[i].byteLength + 1;
    memory.copy(p + <usize>off, changetype<usize>(values[i]), <usize>values[i].byteLength);
    off += values[i].byteLength + 1;
  }
  return out;
}
const u = (s: string): ArrayBuffer => String.UTF8.encode(s);
function user(block: ArrayBuffer, claim: string = "sub"): string { return userFromAuthn(changetype<usize>(block), block.byteLength, claim); }

describe("end user from istio_authn dynamic metadata", () => {
  it("prefers the configured claim (a list) over the principal", () => {
    const claims = pairs([u("sub"), u("email")], [pairs([u("alice")], [u("")]), pairs([u("a@example.com")], [u("")])]);
    const authn = pairs([u("request.auth.principal"), u("request.auth.claims")], [u("https://issuer/alice"), claims]);
    expect(user(authn)).toBe("alice");
    expect(user(authn, "email")).toBe("a@example.com");
    expect(user(authn, "missing")).toBe("https://issuer/alice", "falls back to the principal");
  });
  it("reads a claim given as a plain string", () => {
    const authn = pairs([u("request.auth.claims")], [pairs([u("sub")], [u("bob")])]);
    expect(user(authn)).toBe("bob");
  });
  it("is empty without a verified identity or on malformed input", () => {
    expect(user(pairs([u("source.principal")], [u("spiffe://x")]))).toBe("");
    expect(user(u("garbage"))).toBe("");
    expect(user(new ArrayBuffer(0))).toBe("");
    expect(isPairsBlock(changetype<usize>(u("alice")), 5)).toBe(false);
  });
});
