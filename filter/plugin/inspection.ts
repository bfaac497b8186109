// Applying the inspection core to a request or response: scan, decide per finding from the policy
// (actions per PII type and direction, monitor vs enforce), redact in place, and report.
import { Action, ATTACK_CLASSES, FilterConfig, Mode, PII_TYPES, RedactionStyle } from "../config/filter-config";
import { Action as DecidedAction, Decision, decide } from "../enforce/decide";
import { commandNamedValue, lastRule } from "../inspect/attack";
import { AttackClass, BodyKind, CLASS_EXFILTRATION, CLASS_LIMITS, ChunkCarry, Findings, JsonStreamState, PiiType, ScanLimits, detectAttack, detectAttackInPathSegments, detectAttackInUrlHeader, detectAttacks, hashInPlace, hashJsonNumberInPlace, maskInPlace, maskJsonNumberInPlace, notJsonAfterAll, oastDomainIn, resetJsonStray, scanBody, scanForm, scanJsonChunk, scanText, scanTextOrXml, startsLikeJson, startsLikeXml } from "../inspect/index";
import { escapeSafeCut, jsonSafeEnd, openQuote, textCut } from "../inspect/stream";

export const enum Direction { Request = 0, Response = 1 }

// What the policy wants for this direction, precomputed once per configuration.
export class DirectionPolicy {
  active: bool = false;     // some PII type is not `allow`
  canBlock: bool = false;
  canRedact: bool = false;
  // A block must be decided before any of the body passes: the body is held (up to limits.maxBodyBytes).
  // Redaction and alerts work on each chunk as it passes (streamChunk): only a bounded tail that may hold
  // an unfinished value is held back. Multipart bodies to redact are still held whole (parts are framed
  // by a boundary the chunk scanner does not follow).
  mustBuffer(kind: BodyKind): bool { return this.canBlock || (this.canRedact && kind == BodyKind.Multipart); }
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
// Masks or hashes one value in place. A bare JSON number (a card sent as 4111111111111111) becomes a quoted
// string of the same length, since a mask in place of digits would not be JSON.
function redactValue(p: usize, n: i32, type: PiiType, jsonNumber: bool, full: bool, hash: bool, config: FilterConfig): void {
  if (jsonNumber) {
    if (hash) hashJsonNumberInPlace(p, n, changetype<usize>(config.hashKeyBytes)); else maskJsonNumberInPlace(p, n, type, full);
  } else if (hash) hashInPlace(p, n, changetype<usize>(config.hashKeyBytes));
  else maskInPlace(p, n, type, full);
}

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
      redactValue(base + <usize>f.start, f.length, f.type, f.jsonNumber, full || f.maskAll, hash, config);
      v.redacted++;
    }
    for (let i = 0; i < findings.overflowCount; i++) {
      if (!findings.overflowRedact(i)) continue;
      redactValue(base + <usize>findings.overflowStart(i), findings.overflowLength(i), findings.overflowType(i), findings.overflowJsonNumber(i), full || findings.overflowMaskAll(i), hash, config);
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
// The request path: whole (traversal, sensitive files, what spans segments), then each segment as a value
// (ids and names in REST paths).
export function attackInPath(p: usize, n: i32, findings: Findings): void {
  if (n < 3) return;
  let a = detectAttack(p, n);
  if (a == AttackClass.None) a = detectAttackInPathSegments(p, n);
  if (a != AttackClass.None) findings.addAttack(a, 0, n, "path", lastRule);
}
// Whether a header value holds "${" (raw: a logger or template engine reads the header as it came).
export function holdsLookup(p: usize, n: i32): bool {
  for (let i = 0; i + 1 < n; i++) if (load<u8>(p + <usize>i) == 0x24 && load<u8>(p + <usize>i, 1) == 0x7b) return true;
  return false;
}
// A header other than the ones read whole (attackIn), located as header.<name>: holding "${", read for JNDI
// lookups and template expressions only; one dotted Java name (javaReferenceCandidate), read by the command
// rules, which hold the Java ones (a bare java.lang.Runtime, gadget chains): a deserialization probe is cmdi.
export function lookupIn(p: usize, n: i32, np: usize, nn: i32, findings: Findings): void {
  // An out-of-band testing domain in X-Forwarded-Host, Forwarded, True-Client-IP, From…: where tools plant
  // it for blind SSRF through headers.
  if (oastDomainIn(p, n)) { findings.addAttack(AttackClass.Scanner, 0, n, headerLocation(np, nn), "scanner:oast-domain"); return; }
  const lookup = holdsLookup(p, n);
  const bits = detectAttacks(p, n, lookup ? (1 << <u32>AttackClass.Jndi) | (1 << <u32>AttackClass.Ssti) : 1 << <u32>AttackClass.Cmdi);
  if (bits == 0) return;
  const a = (bits & (1 << <u32>AttackClass.Jndi)) != 0 ? AttackClass.Jndi : (bits & (1 << <u32>AttackClass.Ssti)) != 0 ? AttackClass.Ssti : AttackClass.Cmdi;
  findings.addAttack(a, 0, n, headerLocation(np, nn), lastRule);
}
// header.<name> (the name cut to 64 bytes): made only for a finding.
function headerLocation(np: usize, nn: i32): string {
  return "header." + String.UTF8.decodeUnsafe(np, <usize>(nn < 64 ? nn : <i32>64));
}
// An application header (X-Api-Version, X-User-Id), read by every attack rule like a query value; located
// as header.<name>.
export function applicationHeaderAttackIn(p: usize, n: i32, np: usize, nn: i32, findings: Findings): void {
  if (n < 2) return;
  const a = n >= 3 ? detectAttack(p, n) : AttackClass.None;
  if (a != AttackClass.None) findings.addAttack(a, 0, n, headerLocation(np, nn), lastRule);
  // A header named for a command (Cmd: echo 2yQ8mK4vT1, cmd2: systeminfo): a web shell's channel.
  else if (commandNamedValue(np, nn, p, n)) findings.addAttack(AttackClass.Cmdi, 0, n, headerLocation(np, nn), "cmdi:command-header");
}
// A header whose value is the URL of the page the client came from (Referer): read without the RFI and SSRF
// rules, which every such URL would trip (http://localhost:3000/, …/cart.php?id=3).
export function attackInUrlHeader(p: usize, n: i32, location: string, findings: Findings): void {
  if (n < 3) return;
  const a = detectAttackInUrlHeader(p, n);
  if (a != AttackClass.None) findings.addAttack(a, 0, n, location, lastRule);
}

// A body inspected chunk by chunk as it passes, and redacted there when the policy says so. The JSON
// tokenizer's state survives between chunks, and what may be an unfinished value is held back (the tail)
// and inspected whole with the next chunk, so neither detection, locations nor redaction depend on where
// the proxy cut the body. The tail is bounded by the carry window (limits.streamWindowBytes): a JSON string
// up to the window is held whole; text, and a longer string, are cut between words `hold` bytes before the
// end (detectors read no value longer than that as one), and the bytes after the cut are read again with
// the next chunk. One per stream direction, made only for streamed bodies.
export class BodyStream {
  readonly carry: ChunkCarry = new ChunkCarry();
  readonly json: JsonStreamState = new JsonStreamState();
  tail: ArrayBuffer = new ArrayBuffer(0);
  tailLength: i32 = 0;
  scanned: i64 = 0;            // bytes inspected and passed so far
  piiRecords: i32 = 0;         // exfiltration counts records across chunks
  exfiltrationReported: bool = false;
  kind: BodyKind = BodyKind.Other;
  kindKnown: bool = false;     // a text body shaped as JSON is read as JSON (decided on its first bytes)
  xml: bool = false;           // a text body that starts as XML: its values are also read with their names
  inLongString: bool = false;  // the tail continues a JSON string cut inside (scanned after a stand-in quote)
  limitReported: bool = false; // a limits finding was made for this body
  redacting: bool = false;     // what passes is rewritten (held-back bytes must be released)
  // A form field longer than the window continues in the tail: its name, for the stand-in "name=".
  formName: ArrayBuffer | null = null;
  formNameLength: i32 = -1;
  // Last chunk: whether what passes differs from what came (bytes held back or released, or masked).
  rewrite: bool = false;
  redacted: i32 = 0;
}

// Work area shared by all streams (used within one callback): a spare byte, the tail, then the chunk.
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
// Room before the work area's tail for a stand-in (a quote, or a form field's "name=").
const FORM_NAME_CAP: i32 = 64;
const LEAD: i32 = FORM_NAME_CAP + 2;
// What streamChunk passes on: [streamOut, streamOut + its result).
export let streamOut: usize = 0;

// Bytes before the end of a cut text that are read again with the next chunk: longer than any value a
// detector reads as one word (a JWT, an email, a card or IBAN in groups), bounded by the window. The cut
// goes back from there to a word boundary with no digit on either side, at most to the window; failing
// that (text dense with digits), to any word boundary within `hold`, where a value split in two is still
// caught (settleCut) but a word may lose its context (more is masked, never less).
export function holdBytes(window: i32): i32 { return window / 4 < 4096 ? window / 4 : 4096; }

// Inspects the next chunk (p, n) of a streamed body (`last` on the final chunk), masks what the policy
// redacts when `redact`, and returns how many bytes pass now (at streamOut); the rest is held back.
// Findings are those of the bytes that pass.
export function streamChunk(stream: BodyStream, p: usize, n: i32, last: bool, declared: BodyKind, config: FilterConfig, direction: Direction, limits: ScanLimits, findings: Findings, redact: bool): i32 {
  findings.reset();
  limits.maxPiiRecords = 0; // counted across chunks below
  const prevTail = stream.tailLength;
  const total = prevTail + n;
  // Nothing held: the chunk is scanned (and masked) where it lies. Else the tail, then the chunk, in the
  // work area, after room for a stand-in: a quote (a JSON string continued) or "name=" (a form field).
  const inPlace = prevTail == 0 && !stream.inLongString && stream.formNameLength < 0;
  const base = inPlace ? p - <usize>LEAD : workArea(total + LEAD);
  const w = base + <usize>LEAD;
  if (!inPlace) {
    if (prevTail > 0) memory.copy(w, changetype<usize>(stream.tail), <usize>prevTail);
    if (n > 0) memory.copy(w + <usize>prevTail, p, <usize>n);
  }
  const window = <i32>config.streamWindowBytes;
  const hold = holdBytes(window);
  // The buffer scanned is [P, P + N); what passes starts at P + off (P[0] may be a stand-in quote).
  let P = w, N = total, off = 0, cut = 0;
  let kind = stream.kind;
  if (!stream.kindKnown) {
    if (declared == BodyKind.Text && !last && total < window && !decidable(w, total)) return keep(stream, w, 0, total, 0, prevTail);
    kind = declared == BodyKind.Text && startsLikeJson(w, total) ? BodyKind.Json : declared;
    stream.kind = kind;
    stream.kindKnown = true;
    stream.xml = kind == BodyKind.Text && startsLikeXml(w, total);
  }
  if (kind == BodyKind.Json) {
    // A text body read as JSON because it starts like JSON ("{} my ssn is …"), where the top-level value
    // closed in an earlier chunk: anything but blanks now means it is not JSON after all.
    const closedBefore = declared == BodyKind.Text && stream.scanned > 0 && stream.json.depth == 0 && !stream.inLongString;
    resetJsonStray();
    if (stream.inLongString) { P = w - 1; store<u8>(P, 0x22); N = total + 1; off = 1; }
    stream.inLongString = false;
    if (last) { scanJsonChunk(P, N, limits, findings, stream.json, false); cut = N; }
    else {
      const safe = jsonSafeEnd(P, N, window);
      const q = openQuote;
      if (q >= 0 && (N - q >= window || (q == 0 && off == 1))) {
        // A string longer than the window: cut inside it, between words.
        const vs = q + 1;
        if (N - vs < 2 * hold) {
          // Too little of it to cut yet (only a continued string is this short): hold it, still continued.
          if (q == 0 && off == 1) { cut = 1; stream.inLongString = true; }
          else { cut = q; scanJsonChunk(P, cut, limits, findings, stream.json, false); }
        }
        else {
          scanJsonChunk(P, N, limits, findings, stream.json, false);
          const limit = N - hold;
          let c = textCut(P, vs, limit, window - hold, N, true);
          if (c < 0) c = textCut(P, vs, limit, hold, N, true, true);
          if (c < 0) c = escapeSafeCut(P, vs, limit);
          cut = settleCut(findings, c, vs, N, window);
          findings.keepBefore(cut);
          stream.inLongString = true;
        }
      } else if (off == 1 && safe == 0) {
        // The continued string ends here but may be a key (only whitespace follows): still held, still continued.
        cut = 1;
        stream.inLongString = true;
      } else {
        cut = safe;
        scanJsonChunk(P, cut, limits, findings, stream.json, false);
      }
    }
    if (declared == BodyKind.Text && notJsonAfterAll(P, N, closedBefore)) {
      // Not JSON after all: this chunk (nothing of it has passed) and the rest of the body are read as text,
      // where words and numbers outside strings are seen (held whole, the body gets both reads: scanJson).
      findings.reset();
      kind = BodyKind.Text;
      stream.kind = kind;
      stream.inLongString = false;
      P = w; N = total; off = 0; cut = 0;
    }
  }
  if (kind == BodyKind.Text) {
    // XML values are read chunk by chunk too: a chunk after the first starts inside the document, where text
    // before its first tag has no name (read as text), as does an element cut by the chunk's end.
    if (last) { cut = N; scanTextOrXml(P, N, stream.xml, limits, findings); }
    else if (N < 2 * hold) cut = 0;
    else {
      scanTextOrXml(P, N, stream.xml, limits, findings);
      const limit = N - hold;
      let c = textCut(P, 0, limit, window - hold, N, false);
      if (c < 0) c = textCut(P, 0, limit, hold, N, false, true);
      if (c < 0) c = limit;
      cut = settleCut(findings, c, 0, N, window);
      findings.keepBefore(cut);
    }
    // Text is also one value for attack detection (XXE, injected markup): the part that passes.
    if (cut > 0) {
      const attack = detectAttack(P, cut);
      if (attack != AttackClass.None && !findings.hasAttackFrom(0, findings.count, attack)) findings.addAttack(attack, 0, cut, "body", lastRule);
    }
  } else if (kind == BodyKind.Form) {
    // A field is held whole (an email cut in two) up to the window; a longer one is cut inside its value
    // and the rest is read after a stand-in "name=" (the name is the value's context: a password).
    const nameLength = stream.formNameLength;
    if (nameLength >= 0) {
      off = nameLength + 1;
      P = w - <usize>off;
      memory.copy(P, changetype<usize>(stream.formName!), <usize>nameLength);
      store<u8>(P + <usize>nameLength, 0x3d);
      N = total + off;
    }
    stream.formNameLength = -1;
    let field = N; // start of the last field
    while (field > 0 && load<u8>(P + <usize>(field - 1)) != 0x26) field--;
    if (last) cut = N;
    else if (N - field < window) {
      cut = field;
      // Only the continued field, still short of the window: hold it, still continued.
      if (field == 0 && off > 0) { cut = off; stream.formNameLength = nameLength; }
    } else {
      let c = N - hold;
      if (load<u8>(P + <usize>(c - 1)) == 0x25) c -= 1; else if (load<u8>(P + <usize>(c - 2)) == 0x25) c -= 2; // not inside %XX
      let eq = field;
      while (eq < c && load<u8>(P + <usize>eq) != 0x3d) eq++;
      const nl = eq < c ? (eq - field < FORM_NAME_CAP ? eq - field : FORM_NAME_CAP) : 0;
      let name = stream.formName;
      if (name === null) { name = new ArrayBuffer(FORM_NAME_CAP); stream.formName = name; }
      memory.copy(changetype<usize>(name), P + <usize>field, <usize>nl);
      stream.formNameLength = nl;
      cut = c;
    }
    if (cut > off) scanForm(P, cut, limits, findings, "form.");
  } else if (kind != BodyKind.Json) {
    // GraphQL documents, multipart and binary bodies: the chunk-carry rule (words and fields held back).
    cut = stream.carry.safeLength(P, N, kind, last);
    scanBody(P, cut, kind, limits, findings);
  }
  // Depth or field limits stop the JSON scan for the rest of the body: a finding, once (never silent).
  if (findings.limitExceeded && !stream.limitReported && kind == BodyKind.Json) {
    stream.limitReported = true;
    findings.addBodyFinding(<AttackClass>CLASS_LIMITS, 0, 0, "body", "limits:depth-or-fields");
  }
  if (direction == Direction.Response && kind == BodyKind.Json && config.maxPiiRecords > 0) {
    stream.piiRecords += findings.piiRecords;
    if (!stream.exfiltrationReported && stream.piiRecords > <i32>config.maxPiiRecords) {
      stream.exfiltrationReported = true;
      findings.addBodyFinding(<AttackClass>CLASS_EXFILTRATION, 0, 0, "$", "exfiltration:records-over-limit");
    }
  }
  let redacted = 0;
  if (redact && (findings.count > 0 || findings.overflowCount > 0)) redacted = evaluate(P, findings, config, direction).redacted;
  const pass = keep(stream, P, off, N, cut, prevTail);
  stream.redacted = redacted;
  if (redacted > 0) stream.rewrite = true;
  return pass;
}

// Holds back [cut, N) of P and passes [off, cut); returns the length that passes.
function keep(stream: BodyStream, P: usize, off: i32, N: i32, cut: i32, prevTail: i32): i32 {
  const rest = N - cut;
  if (rest > 0) {
    if (stream.tail.byteLength < rest) stream.tail = new ArrayBuffer(rest);
    memory.copy(changetype<usize>(stream.tail), P + <usize>cut, <usize>rest);
  }
  stream.tailLength = rest;
  const pass = cut > off ? cut - off : 0;
  streamOut = P + <usize>off;
  stream.scanned += <i64>pass;
  stream.rewrite = prevTail > 0 || rest > 0;
  stream.redacted = 0;
  return pass;
}

// Moves a cut back to the start of a PII value it would split (the value is read again, whole, with the
// next chunk) unless that would hold back more than the window or the value starts the text (a whole-value
// finding: it ends at the cut and the rest is read with the next chunk).
function settleCut(findings: Findings, cut: i32, from: i32, n: i32, window: i32): i32 {
  let c = cut;
  let moved = true;
  while (moved) {
    moved = false;
    for (let i = 0; i < findings.count; i++) {
      const f = findings.items[i];
      if (f.attack != AttackClass.None || f.start >= c || f.start + f.length <= c) continue;
      if (f.start > from && n - f.start <= window) { c = f.start; moved = true; }
    }
    for (let i = 0; i < findings.overflowCount; i++) {
      if (findings.overflowAttack(i) != AttackClass.None) continue;
      const s = findings.overflowStart(i);
      if (s >= c || s + findings.overflowLength(i) <= c) continue;
      if (s > from && n - s <= window) { c = s; moved = true; }
    }
  }
  return c;
}

// Whether a text body's first bytes say if it is JSON (two non-blank bytes).
function decidable(p: usize, n: i32): bool {
  let seen = 0;
  for (let i = 0; i < n; i++) if (load<u8>(p + <usize>i) > 0x20 && ++seen >= 2) return true;
  return false;
}
