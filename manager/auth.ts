// Bearer-token authentication with roles. API tokens come from a file or L7GUARD_TOKENS
// ([{"token":"…","role":"viewer|editor|admin"}]); the collector token authenticates filters on ingest.
// Errors never say which part was wrong beyond "missing" vs "not allowed".
import { timingSafeEqual, createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

export type Role = "viewer" | "editor" | "admin";
const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };
export interface ApiToken { token: string; role: Role; name?: string }
/** Who made a request, as the audit log records it (a name, or a digest prefix of the token — never the token). */
export interface Principal { name: string; role: Role }

export function parseTokens(text: string, origin: string): ApiToken[] {
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch (e) { throw new Error(`${origin}: invalid JSON: ${(e as Error).message}`); }
  if (!Array.isArray(parsed)) throw new Error(`${origin}: must be a JSON array of {"token","role"}`);
  return parsed.map((t, i) => {
    if (!t || typeof t !== "object") throw new Error(`${origin}[${i}]: must be an object`);
    const { token, role, name } = t as Record<string, unknown>;
    for (const k of Object.keys(t)) if (k !== "token" && k !== "role" && k !== "name") throw new Error(`${origin}[${i}].${k}: unknown field`);
    if (name !== undefined && (typeof name !== "string" || !name || name.length > 128)) throw new Error(`${origin}[${i}].name: must be a non-empty string of at most 128 characters`);
    if (typeof token !== "string" || token.length < 16) throw new Error(`${origin}[${i}].token: must be a string of at least 16 characters`);
    if (role !== "viewer" && role !== "editor" && role !== "admin") throw new Error(`${origin}[${i}].role: must be viewer, editor or admin`);
    return name === undefined ? { token, role } : { token, role, name: name as string };
  });
}

const digest = (s: string) => createHash("sha256").update(s).digest();
function same(a: string, b: string): boolean { return timingSafeEqual(digest(a), digest(b)); }

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h || !h.startsWith("Bearer ")) return undefined;
  return h.slice(7).trim() || undefined;
}

export function requireRole(tokens: () => ApiToken[], role: Role) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const presented = bearer(req);
    if (!presented) return reply.code(401).header("www-authenticate", "Bearer").send({ error: "authentication required" });
    const match = tokens().find((t) => same(t.token, presented));
    if (!match) return reply.code(401).header("www-authenticate", "Bearer").send({ error: "authentication required" });
    if (RANK[match.role] < RANK[role]) return reply.code(403).send({ error: "not allowed" });
    (req as FastifyRequest & { principal?: Principal }).principal = { name: match.name ?? `token:${digest(match.token).toString("hex").slice(0, 8)}`, role: match.role };
  };
}

export function requireCollector(tokens: () => string[]) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const presented = bearer(req);
    if (!presented || !tokens().some((t) => same(t, presented))) return reply.code(401).header("www-authenticate", "Bearer").send({ error: "authentication required" });
  };
}

export function principalOf(req: FastifyRequest): Principal {
  return (req as FastifyRequest & { principal?: Principal }).principal ?? { name: "anonymous", role: "viewer" };
}
