// Decisions: findings + the policy's action table -> what the filter does. Pure (no host calls, no
// config parsing): the caller passes flat action tables in the schema's order, one byte per
// (class, direction): index = class * 2 + direction (0 request, 1 response).
//
//   const d = new Decision();
//   decide(findings, piiActions, attackActions, monitor, direction, d);
//   // d.action: Allow < Alert < Redact < Block; d.blockedClass / d.blockedIsAttack name the cause;
//   // d.redactCount findings have d.redact[i] set (mask them with maskInPlace or redactHashInto).
//
// Rules: the strongest action wins; `monitor` turns every block/redact into an alert (nothing is
// changed, everything is reported); an attack cannot be "redacted" into safety, so redact on an attack
// class means alert; limit overruns (findings.limitExceeded) count as class `limits` (12) so they are
// never a silent pass. Findings past the detailed list (findings.overflow) decide like the others.
import { Findings, FINDING_SLOTS } from "../inspect/findings";

export const enum Action { Allow = 0, Alert = 1, Redact = 2, Block = 3 }
export const LIMITS_CLASS: i32 = 12;

export class Decision {
  action: Action = Action.Allow;
  blockedClass: i32 = -1;          // PII type or attack class that decided a block
  blockedIsAttack: bool = false;
  alerts: i32 = 0;                 // findings reported (events/metrics), whatever the action
  redactCount: i32 = 0;
  readonly redact: StaticArray<bool> = new StaticArray<bool>(FINDING_SLOTS);
  reset(): void {
    this.action = Action.Allow; this.blockedClass = -1; this.blockedIsAttack = false; this.alerts = 0; this.redactCount = 0;
    for (let i = 0; i < FINDING_SLOTS; i++) this.redact[i] = false;
  }
}

@inline function actionAt(table: StaticArray<u8>, cls: i32, direction: i32): Action {
  const i = cls * 2 + direction;
  return i >= 0 && i < table.length ? <Action>table[i] : Action.Alert; // unknown class: never a silent pass
}

function raise(d: Decision, a: Action, cls: i32, isAttack: bool): void {
  if (a > d.action) {
    d.action = a;
    if (a == Action.Block) { d.blockedClass = cls; d.blockedIsAttack = isAttack; }
  }
}

export function decide(f: Findings, piiActions: StaticArray<u8>, attackActions: StaticArray<u8>, monitor: bool, direction: i32, d: Decision): void {
  d.reset();
  for (let i = 0; i < f.count; i++) {
    const x = f.items[i];
    const isAttack = <i32>x.attack != 255;
    const cls = isAttack ? <i32>x.attack : <i32>x.type;
    let a = actionAt(isAttack ? attackActions : piiActions, cls, direction);
    if (a != Action.Allow) d.alerts++;
    if (isAttack && a == Action.Redact) a = Action.Alert;
    if (monitor && a > Action.Alert) a = Action.Alert;
    if (a == Action.Redact) { d.redact[i] = true; d.redactCount++; }
    raise(d, a, cls, isAttack);
  }
  // Findings past the detailed capacity decide (and are redacted) like the others.
  for (let i = 0; i < f.overflowCount; i++) {
    const isAttack = <i32>f.overflowAttack(i) != 255;
    const cls = isAttack ? <i32>f.overflowAttack(i) : <i32>f.overflowType(i);
    let a = actionAt(isAttack ? attackActions : piiActions, cls, direction);
    if (a != Action.Allow) d.alerts++;
    if (isAttack && a == Action.Redact) a = Action.Alert;
    if (monitor && a > Action.Alert) a = Action.Alert;
    if (a == Action.Redact) { f.setOverflowRedact(i); d.redactCount++; }
    raise(d, a, cls, isAttack);
  }
  if (f.limitExceeded) {
    let a = actionAt(attackActions, LIMITS_CLASS, direction);
    if (a == Action.Redact) a = Action.Alert;
    if (monitor && a > Action.Alert) a = Action.Alert;
    if (a == Action.Allow) a = Action.Alert; // a limit overrun is always reported
    d.alerts++;
    raise(d, a, LIMITS_CLASS, true);
  }
}
