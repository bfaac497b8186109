// Reads the import and export sections of a wasm binary with their function types. Node's
// WebAssembly.Module.imports() names imports but (without the type-reflection proposal) not their types,
// and Envoy links by exact type.
import type { FunctionType, WasmType } from "./envoy-imports.ts";

export interface ImportEntry { module: string; name: string; kind: "function" | "table" | "memory" | "global"; type?: FunctionType }
export interface ExportEntry { name: string; kind: "function" | "table" | "memory" | "global"; type?: FunctionType }

const VALUE_TYPES: Record<number, WasmType> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" };
const KINDS = ["function", "table", "memory", "global"] as const;

export function readModuleInterface(bytes: Uint8Array): { imports: ImportEntry[]; exports: ExportEntry[] } {
  let p = 0;
  const u8 = () => { if (p >= bytes.length) throw new Error("truncated module"); return bytes[p++]; };
  const leb = () => { let r = 0, shift = 0, b; do { b = u8(); r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80); return r >>> 0; };
  const name = () => { const n = leb(); const s = Buffer.from(bytes.subarray(p, p + n)).toString("utf8"); p += n; return s; };
  const limits = () => { const flag = u8(); leb(); if (flag & 1) leb(); };
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error("not a wasm module");
  p = 8;
  const types: FunctionType[] = [];
  const functionTypeIndex: number[] = []; // imported functions first, then defined ones
  const imports: ImportEntry[] = [];
  const exports: ExportEntry[] = [];
  while (p < bytes.length) {
    const id = u8();
    const size = leb();
    const end = p + size;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        if (u8() !== 0x60) throw new Error("unsupported type form");
        const params = Array.from({ length: leb() }, () => VALUE_TYPES[u8()]);
        const results = Array.from({ length: leb() }, () => VALUE_TYPES[u8()]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const module = name();
        const field = name();
        const kind = KINDS[u8()];
        const entry: ImportEntry = { module, name: field, kind };
        if (kind === "function") { const t = leb(); entry.type = types[t]; functionTypeIndex.push(t); }
        else if (kind === "table") { u8(); limits(); }
        else if (kind === "memory") limits();
        else { u8(); u8(); }
        imports.push(entry);
      }
    } else if (id === 3) {
      for (let n = leb(); n > 0; n--) functionTypeIndex.push(leb());
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const field = name();
        const kind = KINDS[u8()];
        const index = leb();
        exports.push({ name: field, kind, type: kind === "function" ? types[functionTypeIndex[index]] : undefined });
      }
    }
    p = end;
  }
  return { imports, exports };
}
