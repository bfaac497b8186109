// Applying the inspection core to a request or response: scan, decide per finding from the policy
// (actions per PII type and direction, monitor vs enforce), redact in place, and report.
import { Action, ATTACK_CLASSES, FilterConfig, PII_TYPES, RedactionStyle } from "../config/filter-config";
import { AttackClass, BodyKind, Findings, ScanLimits, detectAttack, hashInPlace, maskInPlace, scanBody, scanForm } from "../inspect/index";

export const enum Direction { Request = 0, Response = 1 }

// What the policy wants for this direction, precomputed once per configuration.
export class DirectionPolicy {
  active: bool = false;     // some PII type is not `allow`
  canBlock: bool = false;
  canRedact: bool = false;
  // Redact and block need the whole body (a value split across chunks must not leak); alert-only
  // inspection looks at each chunk as it passes and never holds the stream.
  get mustBuffer(): bool { return this.canBlock || this.canRedact; }
  constructor(config: FilterConfig, direction: Direction) {
    for (let t = 0; t < PII_TYPES.length; t++) {
      const a = config.effective(<Action>config.piiActions[t * 2 + <i32>direction]);
      if (a != Action.Allow) this.active = true;
      if (a == Action.Block) this.canBlock = true;
      if (a == Action.Redact) this.canRedact = true;
    }
    for (let c = 0; c < ATTACK_CLASSES.length; c++) {
      const a = config.effective(<Action>config.attackActions[c * 2 + <i32>direction]);
      if (a != Action.Allow) this.active = true;
      if (a == Action.Block) this.canBlock = true;
    }
  }
}

export function bodyKind(contentType: string): BodyKind {
  const ct = contentType.toLowerCase();
  if (ct.includes("json")) return BodyKind.Json;                       // application/json, +json, graphql-over-json
  if (ct.startsWith("application/x-www-form-urlencoded")) return BodyKind.Form;
  if (ct.startsWith("multipart/form-data")) return BodyKind.Multipart;
  if (ct.startsWith("application/graphql")) return BodyKind.Graphql;
  if (ct.startsWith("text/") || ct.includes("xml") || ct.length == 0) return BodyKind.Text;
  return BodyKind.Other;
}

// Result of one inspection: the strongest action and what was found.
export class Verdict {
  action: Action = Action.Allow;
  blockedType: i32 = -1;    // PII type index that caused a block, or
  blockedAttack: i32 = -1;  // attack class index
  redacted: i32 = 0;
}

// Scans (p, n) as `kind`, applies redaction in place where the policy says so, and returns the verdict.
// Findings stay in `findings` for events and counts.
export function inspect(p: usize, n: i32, kind: BodyKind, query: bool, config: FilterConfig, direction: Direction, limits: ScanLimits, findings: Findings): Verdict {
  findings.reset();
  // Exfiltration is about what leaves in a response: count records only there.
  limits.maxPiiRecords = direction == Direction.Response ? <i32>config.maxPiiRecords : 0;
  if (query) scanForm(p, n, limits, findings, "query.");
  else scanBody(p, n, kind, limits, findings);
  return evaluate(p, findings, config, direction);
}

// The strongest action over the findings; PII to redact is masked in place (ranges relative to base).
export function evaluate(base: usize, findings: Findings, config: FilterConfig, direction: Direction): Verdict {
  const v = new Verdict();
  const full = config.redactionStyle == RedactionStyle.Full;
  const hash = config.redactionStyle == RedactionStyle.Hash;
  for (let i = 0; i < findings.count; i++) {
    const f = findings.items[i];
    if (f.attack != AttackClass.None) {
      let a = config.effective(<Action>config.attackActions[<i32>f.attack * 2 + <i32>direction]);
      if (a == Action.Redact) a = Action.Alert; // an attack cannot be masked into safety
      if (a > v.action) { v.action = a; if (a == Action.Block) { v.blockedAttack = <i32>f.attack; v.blockedType = -1; } }
      continue;
    }
    const a = config.effective(<Action>config.piiActions[<i32>f.type * 2 + <i32>direction]);
    if (a == Action.Redact) {
      if (hash) hashInPlace(base + <usize>f.start, f.length, changetype<usize>(config.hashKeyBytes));
      else maskInPlace(base + <usize>f.start, f.length, f.type, full);
      v.redacted++;
    }
    if (a > v.action) { v.action = a; if (a == Action.Block) { v.blockedType = <i32>f.type; v.blockedAttack = -1; } }
  }
  return v;
}

// Name of what caused a block, for the local reply: the attack class or the PII type.
export function blockedName(v: Verdict): string {
  if (v.blockedAttack >= 0) return ATTACK_CLASSES[v.blockedAttack];
  return v.blockedType >= 0 ? PII_TYPES[v.blockedType] : "unknown";
}

// Attack check of one request-line or header value (path, user-agent, referer, cookie).
export function attackIn(p: usize, n: i32, location: string, findings: Findings): void {
  if (n < 3) return;
  const a = detectAttack(p, n);
  if (a != AttackClass.None) findings.addAttack(a, 0, n, location);
}
