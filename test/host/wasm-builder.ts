// Assembles small wasm modules by hand, to check where the host rejects modules the way Envoy does.
type ValType = "i32" | "i64";
const VT: Record<ValType, number> = { i32: 0x7f, i64: 0x7e };

function uleb(n: number): number[] { const out: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; }
function name(s: string): number[] { const b = [...Buffer.from(s)]; return [...uleb(b.length), ...b]; }
function section(id: number, body: number[]): number[] { return [id, ...uleb(body.length), ...body]; }
function vec(items: number[][]): number[] { return [...uleb(items.length), ...items.flat()]; }

export interface Func { params: ValType[]; results: ValType[]; export?: string; body?: number[] }
export interface Import { module: string; name: string; params: ValType[]; results: ValType[] }

// Instructions used by the tests.
export const op = {
  i32const: (v: number) => [0x41, ...sleb(v)],
  call: (i: number) => [0x10, ...uleb(i)],
  drop: [0x1a],
  unreachable: [0x00],
};
function sleb(v: number): number[] { const out: number[] = []; let more = true; while (more) { let b = v & 0x7f; v >>= 7; if ((v === 0 && !(b & 0x40)) || (v === -1 && (b & 0x40))) more = false; else b |= 0x80; out.push(b); } return out; }

export function buildModule(opts: { imports?: Import[]; funcs: Func[]; memory?: boolean; globalImport?: boolean }): Uint8Array {
  const types: string[] = [];
  const typeIndex = (params: ValType[], results: ValType[]) => {
    const key = `${params.join(",")}->${results.join(",")}`;
    let i = types.indexOf(key);
    if (i < 0) { types.push(key); i = types.length - 1; }
    return i;
  };
  const imports = opts.imports ?? [];
  const importEntries = imports.map((im) => [...name(im.module), ...name(im.name), 0x00, ...uleb(typeIndex(im.params, im.results))]);
  if (opts.globalImport) importEntries.push([...name("env"), ...name("some_global"), 0x03, 0x7f, 0x00]);
  const funcTypes = opts.funcs.map((f) => uleb(typeIndex(f.params, f.results)));
  const typeEntries = types.map((k) => {
    const [ps, rs] = k.split("->").map((x) => (x ? x.split(",") as ValType[] : []));
    return [0x60, ...vec(ps.map((t) => [VT[t]])), ...vec(rs.map((t) => [VT[t]]))];
  });
  const exports: number[][] = [];
  opts.funcs.forEach((f, i) => { if (f.export) exports.push([...name(f.export), 0x00, ...uleb(imports.length + i)]); });
  if (opts.memory !== false) exports.push([...name("memory"), 0x02, 0x00]);
  const bodies = opts.funcs.map((f) => {
    const body = [0x00, ...(f.body ?? defaultBody(f.results)), 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(typeEntries)),
    ...(importEntries.length ? section(2, vec(importEntries)) : []),
    ...section(3, vec(funcTypes)),
    ...(opts.memory !== false ? section(5, vec([[0x00, 0x01]])) : []),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}

function defaultBody(results: ValType[]): number[] {
  return results.length === 0 ? [] : results[0] === "i64" ? [0x42, 0x00] : [0x41, 0x01];
}

// A minimal valid ABI 0.2.1 module; pieces can be replaced to make it invalid in one way.
export function minimalModule(change: { dropMarker?: boolean; dropAllocator?: boolean; extraImports?: Import[]; extraFuncs?: Func[]; memory?: boolean; globalImport?: boolean; initializeBody?: number[]; mallocBody?: number[]; vmStartBody?: number[]; configureBody?: number[] } = {}): Uint8Array {
  const funcs: Func[] = [];
  if (!change.dropMarker) funcs.push({ params: [], results: [], export: "proxy_abi_version_0_2_1" });
  if (!change.dropAllocator) funcs.push({ params: ["i32"], results: ["i32"], export: "malloc", body: change.mallocBody ?? op.i32const(1024) });
  funcs.push({ params: [], results: [], export: "_initialize", body: change.initializeBody });
  funcs.push({ params: ["i32", "i32"], results: ["i32"], export: "proxy_on_vm_start", body: change.vmStartBody });
  funcs.push({ params: ["i32", "i32"], results: ["i32"], export: "proxy_on_configure", body: change.configureBody });
  funcs.push(...(change.extraFuncs ?? []));
  return buildModule({ imports: change.extraImports, funcs, memory: change.memory, globalImport: change.globalImport });
}
