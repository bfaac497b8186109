// Loads build/fixtures/inspect-harness.wasm: the inspection core alone, callable from Node.
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

const root = new URL("../../", import.meta.url).pathname;

export interface Harness {
  inspect(bytes: Uint8Array, kind: 0 | 1 | 2 | 3 | 4 | 5 | 6, redact?: boolean): { count: number; types: number[]; attacks: number[]; out: Buffer };
  trapped: () => string | undefined;
}

// `name`: inspect-harness (as the filter is built, with SIMD) or inspect-harness-scalar (the scalar path).
export function loadHarness(name = "inspect-harness"): Harness {
  const path = `${root}build/fixtures/${name}.wasm`;
  if (!existsSync(path)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", name], { stdio: "inherit" });
  let lastAbort: string | undefined;
  let memory: WebAssembly.Memory;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {
    env: { proxy_log: (_l: number, p: number, n: number) => { lastAbort = Buffer.from(memory.buffer, p, n).toString(); return 0; } },
  });
  const e = instance.exports as any;
  memory = e.memory;
  e._initialize();
  return {
    trapped: () => lastAbort,
    inspect(bytes, kind, redact = false) {
      const ptr = e.malloc(bytes.length);
      new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
      const count = e.inspect(ptr, bytes.length, kind, redact ? 1 : 0);
      const types: number[] = [], attacks: number[] = [];
      for (let i = 0; i < Math.max(0, count); i++) { types.push(e.findingType(i)); attacks.push(e.findingAttack(i)); }
      const out = Buffer.from(new Uint8Array(memory.buffer, ptr, bytes.length));
      e.free(ptr);
      return { count, types, attacks, out };
    },
  };
}

// The raw exports, for tests that call single detectors (corpus precision/recall).
export interface HarnessExports {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  attackBits(p: number, n: number): number;
  attackClass(p: number, n: number): number;
  piiType(p: number, n: number, kp: number, kn: number, isNumber: number): number;
}
export function loadHarnessExports(name = "inspect-harness"): HarnessExports {
  const path = `${root}build/fixtures/${name}.wasm`;
  if (!existsSync(path)) execFileSync(process.execPath, [`${root}scripts/build.mjs`, "--only", name], { stdio: "inherit" });
  let memory: WebAssembly.Memory | undefined;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {
    env: { proxy_log: (_l: number, p: number, n: number) => { throw new Error(`abort: ${Buffer.from(memory!.buffer, p, n).toString()}`); } },
  });
  const e = instance.exports as unknown as HarnessExports & { _initialize(): void };
  memory = e.memory;
  e._initialize();
  return e;
}

// Places the UTF-8 bytes of `s` in the harness's memory for the duration of `f`.
const encoder = new TextEncoder();
export function withBytes<T>(h: Pick<HarnessExports, "malloc" | "free" | "memory">, s: string, f: (ptr: number, len: number) => T): T {
  const b = encoder.encode(s);
  const ptr = h.malloc(Math.max(1, b.length));
  new Uint8Array(h.memory.buffer, ptr, b.length).set(b);
  try { return f(ptr, b.length); } finally { h.free(ptr); }
}
