// Module checks Envoy makes at load time (reference §1.1): ABI marker, imports by name and exact type,
// memory, allocator, callback signatures.
import { ENVOY_ENV_IMPORTS, ENVOY_WASI_IMPORTS, type FunctionType } from "./envoy-imports.ts";
import { readModuleInterface } from "./wasm-binary.ts";

export type AbiVersion = "0.2.1" | "0.2.0" | "0.1.0";

export class ModuleRejectedError extends Error {
  constructor(message: string) { super(message); this.name = "ModuleRejectedError"; }
}

const sig = (t?: FunctionType) => (t ? `(${t.params.join(",")})->(${t.results.join(",")})` : "?");
const i32s = (n: number) => Array(n).fill("i32").join(",");

// [params, results] Envoy checks when it looks a callback up (reference §1.2).
export const CALLBACK_SIGNATURES: Record<string, [number, number]> = {
  proxy_on_context_create: [2, 0], proxy_on_vm_start: [2, 1], proxy_on_configure: [2, 1], proxy_on_tick: [1, 0],
  proxy_on_queue_ready: [2, 0], proxy_on_http_call_response: [5, 0], proxy_on_foreign_function: [3, 0],
  proxy_on_grpc_receive_initial_metadata: [3, 0], proxy_on_grpc_receive: [3, 0],
  proxy_on_grpc_receive_trailing_metadata: [3, 0], proxy_on_grpc_close: [3, 0],
  proxy_on_request_headers: [3, 1], proxy_on_request_body: [3, 1], proxy_on_request_trailers: [2, 1],
  proxy_on_request_metadata: [2, 1], proxy_on_response_headers: [3, 1], proxy_on_response_body: [3, 1],
  proxy_on_response_trailers: [2, 1], proxy_on_response_metadata: [2, 1], proxy_on_log: [1, 0],
  proxy_on_done: [1, 1], proxy_on_delete: [1, 0], proxy_validate_configuration: [2, 1],
  proxy_on_new_connection: [1, 1], proxy_on_downstream_data: [3, 1], proxy_on_upstream_data: [3, 1],
  proxy_on_downstream_connection_close: [2, 0], proxy_on_upstream_connection_close: [2, 0],
  malloc: [1, 1], proxy_on_memory_allocate: [1, 1], _initialize: [0, 0], _start: [0, 0], main: [2, 1], __main_void: [0, 1],
};

// Imports only ABI 0.1.0 modules get (reference §2.3).
const ABI_010_ONLY = new Set(["proxy_get_configuration", "proxy_continue_request", "proxy_continue_response", "proxy_clear_route_cache"]);

export interface ModuleInfo { abi: AbiVersion; allocator: "malloc" | "proxy_on_memory_allocate"; exports: Set<string> }

export function validateModule(bytes: Uint8Array): ModuleInfo {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new ModuleRejectedError("not a wasm module (bad magic)");
  }
  let iface;
  try { iface = readModuleInterface(bytes); } catch (e) { throw new ModuleRejectedError(`unreadable module: ${(e as Error).message}`); }
  // The first function export naming an ABI decides it.
  let abi: AbiVersion | undefined;
  for (const e of iface.exports) {
    if (e.kind !== "function") continue;
    if (e.name === "proxy_abi_version_0_2_1") { abi = "0.2.1"; break; }
    if (e.name === "proxy_abi_version_0_2_0") { abi = "0.2.0"; break; }
    if (e.name === "proxy_abi_version_0_1_0") { abi = "0.1.0"; break; }
  }
  if (!abi) throw new ModuleRejectedError("Missing or unknown Proxy-Wasm ABI version");
  if (abi === "0.1.0") throw new ModuleRejectedError("ABI 0.1.0 modules are not supported by this host (Envoy still loads them; l7guard targets 0.2.1)");
  for (const imp of iface.imports) {
    const where = `${imp.module}.${imp.name}`;
    if (imp.kind === "global") throw new ModuleRejectedError(`Failed to load Wasm module due to a missing import: ${where} (global imports are not supported)`);
    if (imp.kind !== "function") continue; // memory/table imports get a fresh object
    const table = imp.module === "env" ? ENVOY_ENV_IMPORTS
      : imp.module === "wasi_snapshot_preview1" || imp.module === "wasi_unstable" ? ENVOY_WASI_IMPORTS : undefined;
    const expected = table?.[imp.name];
    if (!expected || (imp.module === "env" && ABI_010_ONLY.has(imp.name))) {
      throw new ModuleRejectedError(`Failed to load Wasm module due to a missing import: ${where}`);
    }
    if (imp.name === "proxy_get_log_level" && abi !== "0.2.1") throw new ModuleRejectedError(`Failed to load Wasm module due to a missing import: ${where}`);
    if (sig(imp.type) !== sig(expected)) {
      throw new ModuleRejectedError(`Failed to load Wasm module due to a missing import: ${where} (type ${sig(imp.type)}, Envoy provides ${sig(expected)})`);
    }
  }
  if (!iface.exports.some((e) => e.kind === "memory") && !iface.imports.some((i) => i.kind === "memory")) {
    throw new ModuleRejectedError("Wasm module has no memory");
  }
  const exports = new Map(iface.exports.map((e) => [e.name, e]));
  for (const [name, [p, r]] of Object.entries(CALLBACK_SIGNATURES)) {
    const e = exports.get(name);
    if (!e || e.kind !== "function") continue;
    if (sig(e.type) !== `(${i32s(p)})->(${i32s(r)})`) throw new ModuleRejectedError(`Bad function signature for: ${name}`);
  }
  const allocator = exports.get("malloc")?.kind === "function" ? "malloc"
    : exports.get("proxy_on_memory_allocate")?.kind === "function" ? "proxy_on_memory_allocate" : undefined;
  if (!allocator) throw new ModuleRejectedError("Wasm module is missing malloc/proxy_on_memory_allocate");
  return { abi, allocator, exports: new Set(exports.keys()) };
}
