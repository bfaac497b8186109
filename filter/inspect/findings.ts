// Findings of one body/parameter scan: a fixed-capacity list reused across requests.
import { PiiType } from "./pii";
import { AttackClass } from "./attacks";

export class Finding {
  type: PiiType = PiiType.None;          // a PII finding, or
  attack: AttackClass = AttackClass.None; // an attack finding
  start: i32 = 0;          // byte range of the raw value in the scanned buffer (for redaction)
  length: i32 = 0;
  location: string = "";   // $.user.card, query.q, form.email, body
  evidence: string = "";   // redacted, never the raw value
}

export const MAX_FINDINGS: i32 = 64;

export class Findings {
  readonly items: StaticArray<Finding> = new StaticArray<Finding>(MAX_FINDINGS);
  count: i32 = 0;
  dropped: i32 = 0;              // over capacity
  limitExceeded: bool = false;   // depth / fields / size limit hit: itself a finding
  piiRecords: i32 = 0;           // JSON: elements of the outermost array that carry PII (exfiltration)
  constructor() { for (let i = 0; i < MAX_FINDINGS; i++) this.items[i] = new Finding(); }
  reset(): void { this.count = 0; this.dropped = 0; this.limitExceeded = false; this.piiRecords = 0; }
  add(type: PiiType, start: i32, length: i32, location: string, evidence: string): void {
    if (this.count >= MAX_FINDINGS) { this.dropped++; return; }
    const f = this.items[this.count++];
    f.type = type; f.attack = AttackClass.None; f.start = start; f.length = length; f.location = location; f.evidence = evidence;
  }
  addAttack(attack: AttackClass, start: i32, length: i32, location: string): void {
    if (this.count >= MAX_FINDINGS) { this.dropped++; return; }
    const f = this.items[this.count++];
    f.type = PiiType.None; f.attack = attack; f.start = start; f.length = length; f.location = location; f.evidence = "";
  }
}
