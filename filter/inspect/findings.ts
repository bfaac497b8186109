// Findings of one body/parameter scan: a fixed-capacity list reused across requests. A finding costs no
// allocation: its location and redacted evidence are copied as bytes into an arena owned by the list and
// become strings only when someone reads them (events, logs), which most findings never need.
import { PiiType } from "./pii";
import { AttackClass } from "./attacks";
import { EVIDENCE_CAP, evidenceInto } from "./redact";

export const MAX_FINDINGS: i32 = 64;
export const LOCATION_CAP: i32 = 200;
const SLOT: i32 = LOCATION_CAP + EVIDENCE_CAP;

export class Finding {
  type: PiiType = PiiType.None;          // a PII finding, or
  attack: AttackClass = AttackClass.None; // an attack finding
  start: i32 = 0;          // byte range of the raw value in the scanned buffer (for redaction)
  length: i32 = 0;
  // Bytes in the arena slot of this finding, or strings given by the caller.
  slot: usize = 0;
  locationLength: i32 = 0;
  evidenceLength: i32 = 0;
  locationText: string | null = null;
  evidenceText: string | null = null;
  /** $.user.card, query.q, form.email, body */
  get location(): string {
    const t = this.locationText;
    return t !== null ? t : String.UTF8.decodeUnsafe(this.slot, <usize>this.locationLength);
  }
  /** Redacted, never the raw value. */
  get evidence(): string {
    const t = this.evidenceText;
    return t !== null ? t : String.UTF8.decodeUnsafe(this.slot + <usize>LOCATION_CAP, <usize>this.evidenceLength);
  }
}

export class Findings {
  readonly items: StaticArray<Finding> = new StaticArray<Finding>(MAX_FINDINGS);
  readonly arena: usize = heap.alloc(<usize>(MAX_FINDINGS * SLOT));
  count: i32 = 0;
  dropped: i32 = 0;              // over capacity
  limitExceeded: bool = false;   // depth / fields / size limit hit: itself a finding
  piiRecords: i32 = 0;           // JSON: elements of the outermost array that carry PII (exfiltration)
  constructor() {
    for (let i = 0; i < MAX_FINDINGS; i++) {
      const f = new Finding();
      f.slot = this.arena + <usize>(i * SLOT);
      this.items[i] = f;
    }
  }
  reset(): void { this.count = 0; this.dropped = 0; this.limitExceeded = false; this.piiRecords = 0; }
  @inline get full(): bool { return this.count >= MAX_FINDINGS; }

  private next(type: PiiType, attack: AttackClass, start: i32, length: i32): Finding {
    const f = this.items[this.count++];
    f.type = type; f.attack = attack; f.start = start; f.length = length;
    f.locationText = null; f.evidenceText = null; f.locationLength = 0; f.evidenceLength = 0;
    return f;
  }

  /** PII at [start, start+length); location given as bytes, evidence computed from the value (vp, vn). */
  addPii(type: PiiType, start: i32, length: i32, locPtr: usize, locLen: i32, vp: usize, vn: i32): void {
    if (this.count >= MAX_FINDINGS) { this.dropped++; return; }
    const f = this.next(type, AttackClass.None, start, length);
    const ll = locLen < LOCATION_CAP ? locLen : LOCATION_CAP;
    memory.copy(f.slot, locPtr, <usize>ll);
    f.locationLength = ll;
    f.evidenceLength = evidenceInto(vp, vn, type, f.slot + <usize>LOCATION_CAP);
  }
  /** An attack at [start, start+length); location given as bytes. */
  addAttackAt(attack: AttackClass, start: i32, length: i32, locPtr: usize, locLen: i32): void {
    if (this.count >= MAX_FINDINGS) { this.dropped++; return; }
    const f = this.next(PiiType.None, attack, start, length);
    const ll = locLen < LOCATION_CAP ? locLen : LOCATION_CAP;
    memory.copy(f.slot, locPtr, <usize>ll);
    f.locationLength = ll;
  }
  add(type: PiiType, start: i32, length: i32, location: string, evidence: string): void {
    if (this.count >= MAX_FINDINGS) { this.dropped++; return; }
    const f = this.next(type, AttackClass.None, start, length);
    f.locationText = location; f.evidenceText = evidence;
  }
  addAttack(attack: AttackClass, start: i32, length: i32, location: string): void {
    if (this.count >= MAX_FINDINGS) { this.dropped++; return; }
    const f = this.next(PiiType.None, attack, start, length);
    f.locationText = location;
  }
}
