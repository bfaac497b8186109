import { Action, Decision, decide, LIMITS_CLASS } from "../decide";
import { Findings } from "../../inspect/findings";
import { PiiType } from "../../inspect/pii";
import { AttackClass } from "../../inspect/attacks";

const pii = new StaticArray<u8>(22);   // 11 PII types x 2 directions
const attacks = new StaticArray<u8>(26); // 13 classes x 2 directions
const f = new Findings();
const d = new Decision();

function policy(piiResponse: Action, attackRequest: Action, limitsRequest: Action = Action.Alert): void {
  for (let t = 0; t < 11; t++) { pii[t * 2] = <u8>Action.Alert; pii[t * 2 + 1] = <u8>piiResponse; }
  for (let c = 0; c < 13; c++) { attacks[c * 2] = <u8>attackRequest; attacks[c * 2 + 1] = <u8>Action.Alert; }
  attacks[LIMITS_CLASS * 2] = <u8>limitsRequest;
}

describe("decide", () => {
  it("redacts PII in responses and reports which findings to mask", () => {
    policy(Action.Redact, Action.Block);
    f.reset();
    f.add(PiiType.Card, 10, 16, "$.card", "4111********1111");
    f.add(PiiType.Email, 40, 12, "$.email", "al**");
    decide(f, pii, attacks, false, 1, d);
    expect(d.action).toBe(Action.Redact);
    expect(d.redactCount).toBe(2);
    expect(d.redact[0] && d.redact[1]).toBe(true);
  });
  it("blocks attacks by class, and monitor mode turns everything into alerts", () => {
    policy(Action.Redact, Action.Block);
    f.reset();
    f.addAttack(AttackClass.Sqli, 0, 5, "query.q");
    decide(f, pii, attacks, false, 0, d);
    expect(d.action).toBe(Action.Block);
    expect(d.blockedClass).toBe(0);
    expect(d.blockedIsAttack).toBe(true);
    decide(f, pii, attacks, true, 0, d);
    expect(d.action).toBe(Action.Alert);
    expect(d.alerts).toBe(1);
  });
  it("an attack set to redact is alerted, never masked", () => {
    policy(Action.Alert, Action.Redact);
    f.reset();
    f.addAttack(AttackClass.Xss, 0, 5, "form.comment");
    decide(f, pii, attacks, false, 0, d);
    expect(d.action).toBe(Action.Alert);
    expect(d.redactCount).toBe(0);
  });
  it("findings past the detailed list still decide and are redacted", () => {
    policy(Action.Redact, Action.Block);
    f.reset();
    for (let i = 0; i < 100; i++) f.add(PiiType.Email, i * 20, 12, "$.email", "al**");
    expect(f.count).toBe(64);
    expect(f.overflowCount).toBe(36);
    decide(f, pii, attacks, false, 1, d);
    expect(d.redactCount).toBe(100);
    expect(f.overflowRedact(35)).toBe(true);
    f.addAttack(AttackClass.Sqli, 5000, 5, "query.q");
    decide(f, pii, attacks, false, 0, d);
    expect(d.action).toBe(Action.Block, "an attack past the detailed list still blocks");
  });
  it("limit overruns are never a silent pass", () => {
    policy(Action.Allow, Action.Allow, Action.Allow);
    f.reset();
    f.limitExceeded = true;
    decide(f, pii, attacks, false, 0, d);
    expect(d.action).toBe(Action.Alert);
    policy(Action.Allow, Action.Allow, Action.Block);
    decide(f, pii, attacks, false, 0, d);
    expect(d.action).toBe(Action.Block);
    expect(d.blockedClass).toBe(LIMITS_CLASS);
  });
});
