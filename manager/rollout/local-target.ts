// Local rollout target (no cluster): pushes each namespace's compiled config to its gateways' admin
// listeners (POST /config; GET /config to compare). Every namespace in the targets file counts as opted in.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { DesiredState, NamespaceInfo, PlannedChange, RolloutTarget } from "./reconciler.ts";

export interface LocalGateway { namespace: string; workload: string; admin: string }

export function parseLocalTargets(text: string, origin: string): LocalGateway[] {
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch (e) { throw new Error(`${origin}: invalid JSON: ${(e as Error).message}`); }
  if (!Array.isArray(parsed)) throw new Error(`${origin}: must be a JSON array of {"namespace","workload","admin"}`);
  return parsed.map((g, i) => {
    const o = g as Record<string, unknown>;
    if (!o || typeof o !== "object") throw new Error(`${origin}/${i}: must be an object`);
    for (const k of Object.keys(o)) if (!["namespace", "workload", "admin"].includes(k)) throw new Error(`${origin}/${i}/${k}: unknown field`);
    if (typeof o.namespace !== "string" || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.namespace)) throw new Error(`${origin}/${i}/namespace: must be a DNS label`);
    if (typeof o.workload !== "string" || !o.workload) throw new Error(`${origin}/${i}/workload: must be a non-empty string`);
    if (typeof o.admin !== "string" || !/^https?:\/\//.test(o.admin)) throw new Error(`${origin}/${i}/admin: must be an http(s) URL`);
    return { namespace: o.namespace, workload: o.workload, admin: o.admin.replace(/\/+$/, "") };
  });
}

export function loadLocalTargets(file: string): LocalGateway[] { return parseLocalTargets(readFileSync(file, "utf8"), file); }

export class LocalTarget implements RolloutTarget {
  readonly name = "local";
  constructor(private gateways: () => LocalGateway[], private timeoutMs = 5000) {}

  async listNamespaces(): Promise<NamespaceInfo[]> {
    return [...new Set(this.gateways().map((g) => g.namespace))].sort().map((name) => ({ name, labels: { "l7guard.io/enabled": "true" } }));
  }

  private async current(g: LocalGateway): Promise<unknown> {
    const r = await fetch(`${g.admin}/config`, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!r.ok) throw new Error(`${g.namespace}/${g.workload}: GET /config answered ${r.status}`);
    return r.json();
  }

  async plan(d: DesiredState): Promise<PlannedChange> {
    const gws = this.gateways().filter((g) => g.namespace === d.namespace.name);
    const changed: string[] = [];
    for (const g of gws) { try { if (!isDeepStrictEqual(await this.current(g), d.config)) changed.push(g.workload); } catch { changed.push(g.workload); } }
    return { namespace: d.namespace.name, change: changed.length ? "update" : "none", detail: { gateways: changed } };
  }

  async apply(d: DesiredState): Promise<boolean> {
    const gws = this.gateways().filter((g) => g.namespace === d.namespace.name);
    const errors: string[] = [];
    let wrote = false;
    await Promise.all(gws.map(async (g) => {
      try {
        if (isDeepStrictEqual(await this.current(g), d.config)) return;
        const r = await fetch(`${g.admin}/config`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(d.config), signal: AbortSignal.timeout(this.timeoutMs) });
        const body = await r.json().catch(() => ({})) as { accepted?: boolean; error?: string };
        if (r.status !== 200 || body.accepted !== true) throw new Error(`${g.namespace}/${g.workload}: config rejected (${r.status}${body.error ? `: ${body.error}` : ""})`);
        wrote = true;
      } catch (e) { errors.push((e as Error).message); }
    }));
    if (errors.length) throw new Error(errors.join("; "));
    return wrote;
  }

  // Local gateways are not deleted; a gateway leaving the file simply stops being managed.
  async prune(): Promise<string[]> { return []; }
}
