// Structural diff between two JSON documents as a list of changes with JSON pointers (RFC 6902-like ops).
export interface Change { op: "add" | "remove" | "replace"; path: string; from?: unknown; to?: unknown }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

export function jsonDiff(a: unknown, b: unknown, path = ""): Change[] {
  if (isObj(a) && isObj(b)) {
    const out: Change[] = [];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const p = `${path}/${esc(k)}`;
      if (!(k in b)) out.push({ op: "remove", path: p, from: a[k] });
      else if (!(k in a)) out.push({ op: "add", path: p, to: b[k] });
      else out.push(...jsonDiff(a[k], b[k], p));
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: Change[] = [];
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}/${i}`;
      if (i >= b.length) out.push({ op: "remove", path: p, from: a[i] });
      else if (i >= a.length) out.push({ op: "add", path: p, to: b[i] });
      else out.push(...jsonDiff(a[i], b[i], p));
    }
    return out;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ op: "replace", path, from: a, to: b }];
}
