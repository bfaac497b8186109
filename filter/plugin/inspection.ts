// Applying the inspection core to a request or response: scan, decide per finding from the policy
// (actions per PII type and direction, monitor vs enforce), redact in place, and report.
import { Action, ATTACK_CLASSES, FilterConfig, Mode, PII_TYPES, RedactionStyle } from "../config/filter-config";
import { Action as DecidedAction, Decision, decide } from "../enforce/decide";
import { lastRule } from "../inspect/attack";
import { AttackClass, BodyKind, CLASS_EXFILTRATION, ChunkCarry, Findings, JsonStreamState, ScanLimits, detectAttack, hashInPlace, maskInPlace, scanBody, scanForm, scanJsonChunk } from "../inspect/index";

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
  // Media and opaque binary formats are not text. Any other declared type is read as text (a JSON body
  // is recognised by its first byte): relabelling a payload must not be a way around inspection.
  if (ct.startsWith("application/grpc") || ct.includes("protobuf")) return BodyKind.Other;
  // Binary bodies are checked by their leading bytes only: an executable uploaded or served as a file.
  if (ct.startsWith("image/") || ct.startsWith("audio/") || ct.startsWith("video/") || ct.startsWith("font/") ||
      ct.startsWith("application/octet-stream") || ct.startsWith("application/pdf") || ct.startsWith("application/zip") ||
      ct.startsWith("application/gzip") || ct.startsWith("application/x-") && (ct.includes("msdownload") || ct.includes("executable") || ct.includes("tar") || ct.includes("7z") || ct.includes("rar")) ||
      ct.startsWith("application/wasm") || ct.startsWith("application/vnd.microsoft.portable-executable")) return BodyKind.Binary;
  return BodyKind.Text;
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
  // The decision itself is filter/enforce/decide.ts (pure, unit-tested); here it is applied.
  decide(findings, config.piiActions, config.attackActions, config.mode == Mode.Monitor, <i32>direction, decision);
  const v = new Verdict();
  v.action = <Action><i32>decision.action;
  if (decision.action == DecidedAction.Block) {
    if (decision.blockedIsAttack) v.blockedAttack = decision.blockedClass; else v.blockedType = decision.blockedClass;
  }
  if (decision.redactCount > 0) {
    const full = config.redactionStyle == RedactionStyle.Full;
    const hash = config.redactionStyle == RedactionStyle.Hash;
    for (let i = 0; i < findings.count; i++) {
      if (!decision.redact[i]) continue;
      const f = findings.items[i];
      if (hash) hashInPlace(base + <usize>f.start, f.length, changetype<usize>(config.hashKeyBytes));
      else maskInPlace(base + <usize>f.start, f.length, f.type, full);
      v.redacted++;
    }
    for (let i = 0; i < findings.overflowCount; i++) {
      if (!findings.overflowRedact(i)) continue;
      const start = findings.overflowStart(i), length = findings.overflowLength(i);
      if (hash) hashInPlace(base + <usize>start, length, changetype<usize>(config.hashKeyBytes));
      else maskInPlace(base + <usize>start, length, findings.overflowType(i), full);
      v.redacted++;
    }
  }
  return v;
}
const decision = new Decision();

// Name of what caused a block, for the local reply: the attack class or the PII type.
export function blockedName(v: Verdict): string {
  if (v.blockedAttack >= 0) return ATTACK_CLASSES[v.blockedAttack];
  return v.blockedType >= 0 ? PII_TYPES[v.blockedType] : "unknown";
}

// Attack check of one request-line or header value (path, user-agent, referer, cookie).
export function attackIn(p: usize, n: i32, location: string, findings: Findings): void {
  if (n < 3) return;
  const a = detectAttack(p, n);
  if (a != AttackClass.None) findings.addAttack(a, 0, n, location, lastRule);
}

// A body inspected chunk by chunk as it passes (alert-only: nothing is held or changed). The JSON
// tokenizer's state survives between chunks, and a value cut by a chunk boundary is held back (bounded by
// MAX_CARRY) and inspected whole with the next chunk, so neither detection nor locations depend on where
// the proxy cut the body. One per stream direction, made only for streamed bodies.
export class BodyStream {
  readonly carry: ChunkCarry = new ChunkCarry();
  readonly json: JsonStreamState = new JsonStreamState();
  tail: ArrayBuffer = new ArrayBuffer(0);
  tailLength: i32 = 0;
  scanned: i64 = 0;            // bytes inspected so far (limits.maxBodyBytes caps the total)
  piiRecords: i32 = 0;         // exfiltration counts records across chunks
  exfiltrationReported: bool = false;
}

// Work area shared by all streams (used within one callback): the held-back tail followed by the chunk.
let work: usize = 0;
let workCap: i32 = 0;
function workArea(n: i32): usize {
  if (n > workCap) {
    if (work != 0) heap.free(work);
    workCap = n > 65536 ? n : 65536;
    work = heap.alloc(<usize>workCap);
  }
  return work;
}

// Inspects the next chunk (p, n) of a streamed body; `last` on the final chunk. Findings are this chunk's.
export function inspectChunk(stream: BodyStream, p: usize, n: i32, last: bool, kind: BodyKind, config: FilterConfig, direction: Direction, limits: ScanLimits, findings: Findings): void {
  findings.reset();
  limits.maxPiiRecords = 0; // counted across chunks below
  const total = stream.tailLength + n;
  const w = workArea(total > 0 ? total : 1);
  if (stream.tailLength > 0) memory.copy(w, changetype<usize>(stream.tail), <usize>stream.tailLength);
  memory.copy(w + <usize>stream.tailLength, p, <usize>n);
  const startsInString = stream.carry.inString;
  const safe = stream.carry.safeLength(w, total, kind, last);
  if (kind == BodyKind.Json) scanJsonChunk(w, safe, limits, findings, stream.json, startsInString && stream.tailLength == 0);
  else scanBody(w, safe, kind, limits, findings);
  const rest = total - safe;
  if (rest > 0) {
    if (stream.tail.byteLength < rest) stream.tail = new ArrayBuffer(rest);
    memory.copy(changetype<usize>(stream.tail), w + <usize>safe, <usize>rest);
  }
  stream.tailLength = rest;
  stream.scanned += <i64>safe;
  if (direction == Direction.Response && kind == BodyKind.Json && config.maxPiiRecords > 0) {
    stream.piiRecords += findings.piiRecords;
    if (!stream.exfiltrationReported && stream.piiRecords > <i32>config.maxPiiRecords) {
      stream.exfiltrationReported = true;
      findings.addAttack(<AttackClass>CLASS_EXFILTRATION, 0, 0, "$", "exfiltration:records-over-limit");
    }
  }
}
