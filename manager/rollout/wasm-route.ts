// GET /filter.wasm: the filter module, fetched by istio-agent (which cannot present a bearer token, so this
// route is public; integrity comes from the sha256 written into each WasmPlugin). Absence is a clear 503.
import type { FastifyPluginAsync } from "fastify";
import { readFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";

export interface WasmModule { bytes: Buffer; sha256: string }

let cache: { path: string; mtimeMs: number; size: number; mod: WasmModule } | undefined;
/** Reads the module (cached until the file changes); throws a clear error when it is missing. */
export function loadWasm(path: string): WasmModule {
  let st;
  try { st = statSync(path); } catch { throw new Error(`filter module not found at ${path}; build it with: node scripts/build.mjs --only l7guard`); }
  if (cache && cache.path === path && cache.mtimeMs === st.mtimeMs && cache.size === st.size) return cache.mod;
  const bytes = readFileSync(path);
  const mod = { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
  cache = { path, mtimeMs: st.mtimeMs, size: st.size, mod };
  return mod;
}

export const wasmRoutes: FastifyPluginAsync<{ wasmPath: string }> = async (app, opts) => {
  app.get("/filter.wasm", { schema: { summary: "The l7guard filter module (public; pinned by sha256 in each WasmPlugin)", tags: ["rollout"] } }, async (_req, reply) => {
    let mod: WasmModule;
    try { mod = loadWasm(opts.wasmPath); } catch (e) { return reply.code(503).send({ error: (e as Error).message }); }
    return reply.type("application/wasm").header("x-content-sha256", mod.sha256).header("etag", `"${mod.sha256}"`).send(mod.bytes);
  });
};
