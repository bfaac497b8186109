// Findings of one body/parameter scan: a fixed-capacity list reused across requests. A finding costs no
// allocation: its location and redacted evidence are copied as bytes into an arena owned by the list and
// become strings only when someone reads them (events, logs), which most findings never need.
import { PiiType } from "./pii";
import { AttackClass } from "./attacks";
import { EVIDENCE_CAP, evidenceInto } from "./redact";

export const MAX_FINDINGS: i32 = 64;
// Findings about a body as a whole (exfiltration: too many records with PII; a limit overrun) have slots of
// their own past MAX_FINDINGS: they come after the values that caused them, when those have filled the list,
// and they are the findings an operator most needs the event of.
export const BODY_FINDING_SLOTS: i32 = 2;
export const FINDING_SLOTS: i32 = MAX_FINDINGS + BODY_FINDING_SLOTS;
export const LOCATION_CAP: i32 = 200;
const SLOT: i32 = LOCATION_CAP + EVIDENCE_CAP;

export class Finding {
  type: PiiType = PiiType.None;          // a PII finding, or
  attack: AttackClass = AttackClass.None; // an attack finding
  start: i32 = 0;          // byte range of the raw value in the scanned buffer (for redaction)
  length: i32 = 0;
  jsonNumber: bool = false; // the value is a bare JSON number: redact with maskJsonNumberInPlace/hashJsonNumberInPlace
  maskAll: bool = false;    // the range is an encoding of the value (a base64 part): a mask covers every byte
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

// Beyond MAX_FINDINGS, findings keep only what decisions need (class, byte range): every PII value is
// still redacted and every attack still decides, however many a body holds; only the detail for events
// (location, evidence) is capped. 12 bytes each: type u8, attack u8, redact flag u8, JSON-number flag u8, start i32, length i32.
export const MAX_OVERFLOW: i32 = 1 << 20;

export class Findings {
  readonly items: StaticArray<Finding> = new StaticArray<Finding>(FINDING_SLOTS);
  overflow: usize = 0;
  overflowCount: i32 = 0;
  private overflowCap: i32 = 0;
  readonly arena: usize = heap.alloc(<usize>(FINDING_SLOTS * SLOT));
  count: i32 = 0;
  dropped: i32 = 0;              // findings beyond MAX_FINDINGS (kept in `overflow`, without detail)
  limitExceeded: bool = false;   // depth / fields / size limit hit: itself a finding
  piiRecords: i32 = 0;           // JSON: elements of the outermost array that carry PII (exfiltration)
  private lastInOverflow: bool = false;
  constructor() {
    for (let i = 0; i < FINDING_SLOTS; i++) {
      const f = new Finding();
      f.slot = this.arena + <usize>(i * SLOT);
      this.items[i] = f;
    }
  }
  reset(): void { this.count = 0; this.dropped = 0; this.limitExceeded = false; this.piiRecords = 0; this.overflowCount = 0; }
  /** Whether an attack finding was added since the count was `from` (detailed findings only). */
  attackSince(from: i32): bool {
    for (let i = from; i < this.count; i++) if (unchecked(this.items[i]).attack != AttackClass.None) return true;
    return false;
  }

  /** Keeps what lies before `cut` (a body forwarded up to there): later findings are dropped (the bytes are
   *  scanned again with what follows), a range across the cut ends at it. */
  keepBefore(cut: i32): void {
    let w = 0;
    for (let i = 0; i < this.count; i++) {
      const f = this.items[i];
      if (f.start >= cut && !(f.start == 0 && f.length == 0)) continue;
      if (f.start + f.length > cut) f.length = cut - f.start;
      if (w != i) { const t = this.items[w]; this.items[w] = f; this.items[i] = t; }
      w++;
    }
    this.count = w;
    let o = 0;
    for (let i = 0; i < this.overflowCount; i++) {
      const start = this.overflowStart(i);
      let length = this.overflowLength(i);
      if (start >= cut && !(start == 0 && length == 0)) continue;
      if (start + length > cut) length = cut - start;
      const from = this.overflow + <usize>(i * 12), to = this.overflow + <usize>(o * 12);
      if (o != i) memory.copy(to, from, 12);
      store<i32>(to, length, 8);
      o++;
    }
    this.dropped -= this.overflowCount - o;
    this.overflowCount = o;
  }

  /** Moves the findings made since (fromCount, fromOverflow) by `delta` bytes: a content scanned on its own
   *  (a multipart part) reports ranges in the whole body. */
  shiftFrom(fromCount: i32, fromOverflow: i32, delta: i32): void {
    for (let i = fromCount; i < this.count; i++) this.items[i].start += delta;
    for (let i = fromOverflow; i < this.overflowCount; i++) { const e = this.overflow + <usize>(i * 12); store<i32>(e, load<i32>(e, 4) + delta, 4); }
  }

  /** Sets the range of the findings from `fromCount`/`fromOverflow` on to [start, start + length): findings
   *  made in a decoded copy (a base64 part) cover the encoded bytes they came from, every byte of which a
   *  mask covers (the partial mask keeps separators, and '+' and '/' are base64 digits). */
  coverFrom(fromCount: i32, fromOverflow: i32, start: i32, length: i32): void {
    for (let i = fromCount; i < this.count; i++) { const f = this.items[i]; f.start = start; f.length = length; f.jsonNumber = false; f.maskAll = true; }
    for (let i = fromOverflow; i < this.overflowCount; i++) {
      const e = this.overflow + <usize>(i * 12);
      store<u8>(e, 2, 3); store<i32>(e, start, 4); store<i32>(e, length, 8);
    }
  }

  /** Whether a detailed finding in [from, to) is an attack of class `c`. */
  hasAttackFrom(from: i32, to: i32, c: AttackClass): bool {
    for (let i = from; i < to && i < this.count; i++) if (this.items[i].attack == c) return true;
    return false;
  }

  /** Drops the detailed findings from `from` on whose range overlaps one of [first, from): a second read of
   *  the same bytes (JSON, then text) reports a value once. */
  dropOverlapping(first: i32, from: i32): void {
    let w = from;
    for (let i = from; i < this.count; i++) {
      const f = this.items[i];
      let dup = false;
      for (let j = first; j < from && !dup; j++) {
        const g = this.items[j];
        dup = f.start < g.start + g.length && g.start < f.start + f.length;
      }
      if (dup) continue;
      if (w != i) { const t = this.items[w]; this.items[w] = f; this.items[i] = t; }
      w++;
    }
    this.count = w;
  }

  /** A finding past the detailed capacity: class and range only. */
  addOverflow(type: PiiType, attack: AttackClass, start: i32, length: i32): void {
    this.dropped++;
    if (this.overflowCount >= this.overflowCap) {
      if (this.overflowCap >= MAX_OVERFLOW) { this.limitExceeded = true; return; } // never silent: a limits finding
      const cap = this.overflowCap == 0 ? 256 : this.overflowCap * 2;
      const next = heap.alloc(<usize>(cap * 12));
      if (this.overflow != 0) { memory.copy(next, this.overflow, <usize>(this.overflowCount * 12)); heap.free(this.overflow); }
      this.overflow = next;
      this.overflowCap = cap;
    }
    const e = this.overflow + <usize>(this.overflowCount++ * 12);
    store<u8>(e, <u8>type); store<u8>(e, <u8>attack, 1); store<u8>(e, 0, 2); store<u8>(e, 0, 3); store<i32>(e, start, 4); store<i32>(e, length, 8);
    this.lastInOverflow = true;
  }
  /** The finding just added (detailed or overflow) is a bare JSON number. */
  markJsonNumber(): void {
    if (this.lastInOverflow) { if (this.overflowCount > 0) store<u8>(this.overflow + <usize>((this.overflowCount - 1) * 12), 1, 3); }
    else if (this.count > 0) this.items[this.count - 1].jsonNumber = true;
  }
  @inline overflowJsonNumber(i: i32): bool { return (load<u8>(this.overflow + <usize>(i * 12), 3) & 1) != 0; }
  @inline overflowMaskAll(i: i32): bool { return (load<u8>(this.overflow + <usize>(i * 12), 3) & 2) != 0; }
  @inline overflowType(i: i32): PiiType { return <PiiType>load<u8>(this.overflow + <usize>(i * 12)); }
  @inline overflowAttack(i: i32): AttackClass { return <AttackClass>load<u8>(this.overflow + <usize>(i * 12), 1); }
  @inline overflowRedact(i: i32): bool { return load<u8>(this.overflow + <usize>(i * 12), 2) != 0; }
  @inline setOverflowRedact(i: i32): void { store<u8>(this.overflow + <usize>(i * 12), 1, 2); }
  @inline overflowStart(i: i32): i32 { return load<i32>(this.overflow + <usize>(i * 12), 4); }
  @inline overflowLength(i: i32): i32 { return load<i32>(this.overflow + <usize>(i * 12), 8); }
  @inline get full(): bool { return this.count >= MAX_FINDINGS; }

  private next(type: PiiType, attack: AttackClass, start: i32, length: i32): Finding {
    const f = this.items[this.count++];
    f.type = type; f.attack = attack; f.start = start; f.length = length;
    // Reference writes cost a GC barrier: only clear what a previous finding set.
    if (changetype<usize>(f.locationText) != 0) f.locationText = null;
    if (changetype<usize>(f.evidenceText) != 0) f.evidenceText = null;
    f.locationLength = 0; f.evidenceLength = 0;
    f.jsonNumber = false; f.maskAll = false;
    this.lastInOverflow = false;
    return f;
  }

  /** PII at [start, start+length); location given as bytes, evidence computed from the value (vp, vn). */
  addPii(type: PiiType, start: i32, length: i32, locPtr: usize, locLen: i32, vp: usize, vn: i32): void {
    if (this.count >= MAX_FINDINGS) { this.addOverflow(type, AttackClass.None, start, length); return; }
    const f = this.next(type, AttackClass.None, start, length);
    const ll = locLen < LOCATION_CAP ? locLen : LOCATION_CAP;
    memory.copy(f.slot, locPtr, <usize>ll);
    f.locationLength = ll;
    f.evidenceLength = evidenceInto(vp, vn, type, f.slot + <usize>LOCATION_CAP);
  }
  /** An attack at [start, start+length); location given as bytes. */
  /** `rule` names what matched (a static string such as "sqli:string-tautology"): the evidence of an attack. */
  addAttackAt(attack: AttackClass, start: i32, length: i32, locPtr: usize, locLen: i32, rule: string = ""): void {
    if (this.count >= MAX_FINDINGS) { this.addOverflow(PiiType.None, attack, start, length); return; }
    const f = this.next(PiiType.None, attack, start, length);
    const ll = locLen < LOCATION_CAP ? locLen : LOCATION_CAP;
    memory.copy(f.slot, locPtr, <usize>ll);
    f.locationLength = ll;
    if (rule.length > 0) f.evidenceText = rule;
  }
  add(type: PiiType, start: i32, length: i32, location: string, evidence: string): void {
    if (this.count >= MAX_FINDINGS) { this.addOverflow(type, AttackClass.None, start, length); return; }
    const f = this.next(type, AttackClass.None, start, length);
    f.locationText = location; f.evidenceText = evidence;
  }
  addAttack(attack: AttackClass, start: i32, length: i32, location: string, rule: string = ""): void {
    if (this.count >= MAX_FINDINGS) { this.addOverflow(PiiType.None, attack, start, length); return; }
    const f = this.next(PiiType.None, attack, start, length);
    f.locationText = location;
    if (rule.length > 0) f.evidenceText = rule;
  }
  /** A finding about the body as a whole (exfiltration, a limit): detailed even when the values filled the list. */
  addBodyFinding(attack: AttackClass, start: i32, length: i32, location: string, rule: string): void {
    if (this.count >= FINDING_SLOTS) { this.addOverflow(PiiType.None, attack, start, length); return; }
    const f = this.next(PiiType.None, attack, start, length);
    f.locationText = location;
    f.evidenceText = rule;
  }
}
