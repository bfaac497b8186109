// Schema sketches: what the JSON bodies of an endpoint look like, learned from a sample of real traffic.
// Pure (no host calls), so as-pect tests it directly. Per (endpoint, part, status) a sketch keeps field
// paths ("user.addresses[].city"), the JSON types seen, a format when every string value had the same one
// (email, uuid, date, date-time, ipv4, ipv6, uri), PII types (the inspection core's classifyValue, with
// the same field-name hints), and how often each field was present (per body, or per array item). Bounded: at most
// maxFields fields per sketch and maxDepth levels; what does not fit is counted as overflow. Values never
// leave this file, only their shape.
import { KeyHint, PiiType, classifyValue, isEmail, isIpv4, isIpv6, keyHint } from "../inspect/index";
import { PII_TYPES } from "../config/filter-config";
import { JsonWriter } from "./json-writer";
import { Workload } from "./identity";

export const TYPE_NAMES: string[] = ["string", "integer", "number", "boolean", "null", "object", "array"];
export const enum JsonType { String = 0, Integer = 1, Number = 2, Boolean = 3, Null = 4, Object = 5, Array = 6 }
export const FORMAT_NAMES: string[] = ["email", "uuid", "date", "date-time", "ipv4", "ipv6", "uri"];
export const enum Format { Email = 0, Uuid = 1, Date = 2, DateTime = 3, Ipv4 = 4, Ipv6 = 5, Uri = 6, None = -1 }
const FORMAT_UNSET: i32 = -2;   // no string value seen yet
const FORMAT_MIXED: i32 = -1;   // values disagreed (or one had no format): no format

export const MAX_PATH_LENGTH: i32 = 512;   // the batch schema's limit
const MAX_STACK: i32 = 64;

export class SketchField {
  path: string;
  types: u32 = 0;             // bit per JsonType
  format: i32 = FORMAT_UNSET;
  pii: u32 = 0;               // bit per PiiType
  // Occurrences: the samples in which the field was present, and for a field inside an array the items
  // in which it was present, so that `required` can be judged against its parent's own count.
  count: i64 = 0;
  constructor(path: string) { this.path = path; }
}

export class SchemaSketch {
  destination: Workload = new Workload();
  host: string = "";
  method: string = "";
  template: string = "";
  response: bool = false;
  status: i32 = 0;
  contentType: string = "";
  samples: i64 = 0;
  overflow: i64 = 0;
  readonly fields: SketchField[] = [];
  private readonly index: Map<string, i32> = new Map<string, i32>();

  // One occurrence of field `path` with `type`. Returns false when it did not fit.
  note(path: string, type: JsonType, format: i32, pii: PiiType, maxFields: i32): bool {
    let f: SketchField;
    if (this.index.has(path)) f = this.fields[this.index.get(path)];
    else {
      if (this.fields.length >= maxFields || path.length > MAX_PATH_LENGTH) { this.overflow++; return false; }
      f = new SketchField(path);
      this.index.set(path, this.fields.length);
      this.fields.push(f);
    }
    f.types |= 1 << <u32>type;
    if (type == JsonType.String) {
      if (f.format == FORMAT_UNSET) f.format = format;
      else if (f.format != format) f.format = FORMAT_MIXED;
    }
    if (pii != PiiType.None) f.pii |= 1 << <u32>pii;
    f.count++;
    return true;
  }

  field(path: string): SketchField | null {
    return this.index.has(path) ? this.fields[this.index.get(path)] : null;
  }

  // One schemaSketch object of the batch (schemas/telemetry-batch.schema.json).
  write(w: JsonWriter): void {
    w.raw("{");
    if (this.destination.known) { w.key("destination"); writeWorkloadJson(w, this.destination); w.raw(","); }
    w.key("endpoint").raw("{");
    if (this.host.length > 0) w.key("host").string(this.host).raw(",");
    w.key("method").string(this.method).raw(",").key("pathTemplate").string(this.template).raw("},");
    w.key("part").raw(this.response ? "\"response\"," : "\"request\",");
    if (this.response) w.key("status").int(this.status).raw(",");
    if (this.contentType.length > 0) w.key("contentType").string(this.contentType.length > 128 ? this.contentType.substring(0, 128) : this.contentType).raw(",");
    w.key("samples").int(this.samples).raw(",");
    if (this.overflow > 0) w.key("overflow").int(this.overflow).raw(",");
    w.key("fields").raw("[");
    for (let i = 0; i < this.fields.length; i++) {
      const f = this.fields[i];
      w.raw("{").key("path").string(f.path).raw(",").key("types").raw("[");
      for (let t = 0; t < TYPE_NAMES.length; t++) if ((f.types & (1 << <u32>t)) != 0) w.raw("\"").raw(TYPE_NAMES[t]).raw("\",");
      w.trimComma().raw("]");
      if (f.format >= 0) w.raw(",").key("format").string(FORMAT_NAMES[f.format]);
      if (f.pii != 0) {
        w.raw(",").key("pii").raw("[");
        for (let t = 0; t < PII_TYPES.length; t++) if ((f.pii & (1 << <u32>t)) != 0) w.raw("\"").raw(PII_TYPES[t]).raw("\",");
        w.trimComma().raw("]");
      }
      w.raw(",").key("count").int(f.count).raw("},");
    }
    w.trimComma().raw("]}");
  }
}

export function writeWorkloadJson(w: JsonWriter, x: Workload): void {
  w.raw("{");
  if (x.namespace.length > 0) w.key("namespace").string(x.namespace).raw(",");
  if (x.workload.length > 0) w.key("workload").string(x.workload).raw(",");
  if (x.app.length > 0) w.key("app").string(x.app).raw(",");
  if (x.version.length > 0) w.key("version").string(x.version).raw(",");
  if (x.serviceAccount.length > 0) w.key("serviceAccount").string(x.serviceAccount).raw(",");
  if (x.principal.length > 0) w.key("principal").string(x.principal).raw(",");
  if (x.host.length > 0) w.key("host").string(x.host).raw(",");
  if (x.external) w.key("external").raw("true,");
  w.trimComma().raw("}");
}

// ---- the walker ------------------------------------------------------------------------------------------

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }
@inline function isDigit(c: u32): bool { return c - 0x30 < 10; }
@inline function isHex(c: u32): bool { return isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66); }
@inline function isSpace(c: u32): bool { return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09; }

// Container stack of one walk (module scratch: a walk completes inside one call).
const stackPath: string[] = [];
for (let i = 0; i < MAX_STACK; i++) stackPath.push("");
const stackArray = new StaticArray<bool>(MAX_STACK);
const stackHintPtr = new StaticArray<usize>(MAX_STACK);
const stackHintLen = new StaticArray<i32>(MAX_STACK);

// Folds one JSON body (possibly cut at a byte limit) into `sketch` as a new sample. Returns false, and
// changes nothing, when the body is not a JSON object or array.
export function sketchJson(p: usize, n: i32, sketch: SchemaSketch, maxFields: i32, maxDepth: i32): bool {
  let i = 0;
  while (i < n && isSpace(at(p, i))) i++;
  if (i >= n) return false;
  const first = at(p, i);
  if (first != 0x7b && first != 0x5b) return false;
  if (maxDepth > MAX_STACK - 1) maxDepth = MAX_STACK - 1;
  sketch.samples++;
  let depth = 0;                 // containers open; stack[depth - 1] is the innermost
  let keyPtr: usize = 0;         // the key the next value in an object belongs to
  let keyLen: i32 = -1;
  let skipping = 0;              // > 0: inside a container deeper than maxDepth (nesting level)
  while (i < n) {
    const c = at(p, i);
    if (isSpace(c) || c == 0x2c || c == 0x3a) { i++; continue; }
    if (skipping > 0) {
      if (c == 0x7b || c == 0x5b) skipping++;
      else if (c == 0x7d || c == 0x5d) skipping--;
      else if (c == 0x22) {
        const end = stringEnd(p, n, i + 1);
        // A key inside the skipped part is a field we did not record.
        let k = end + 1;
        while (k < n && isSpace(at(p, k))) k++;
        if (k < n && at(p, k) == 0x3a) sketch.overflow++;
        i = end + 1;
        continue;
      }
      i++;
      continue;
    }
    if (c == 0x7d || c == 0x5d) { if (depth > 0) depth--; keyLen = -1; i++; continue; }
    const inObject = depth > 0 && !stackArray[depth - 1];
    // A string in an object with no key pending is the next key.
    if (c == 0x22 && inObject && keyLen < 0) {
      const end = stringEnd(p, n, i + 1);
      keyPtr = p + <usize>(i + 1);
      keyLen = end - i - 1;
      i = end + 1;
      continue;
    }
    // A value: its path and the field-name hint for PII classification.
    let path = "";
    let hintPtr: usize = 0;
    let hintLen: i32 = 0;
    if (depth > 0) {
      const parent = stackPath[depth - 1];
      if (inObject) {
        if (keyLen < 0) { i++; continue; } // malformed: a value with no key
        const key = String.UTF8.decodeUnsafe(keyPtr, <usize>keyLen);
        path = parent.length > 0 ? parent + "." + key : key;
        hintPtr = keyPtr; hintLen = keyLen;
      } else {
        path = parent + "[]";
        hintPtr = stackHintPtr[depth - 1]; hintLen = stackHintLen[depth - 1];
      }
    }
    keyLen = -1;
    if (c == 0x7b || c == 0x5b) {
      if (depth > 0) sketch.note(path, c == 0x7b ? JsonType.Object : JsonType.Array, FORMAT_UNSET, PiiType.None, maxFields);
      if (depth >= maxDepth) { skipping = 1; i++; continue; }
      stackPath[depth] = path;
      stackArray[depth] = c == 0x5b;
      stackHintPtr[depth] = hintPtr;
      stackHintLen[depth] = hintLen;
      depth++;
      i++;
      continue;
    }
    if (c == 0x22) {
      const start = i + 1;
      const end = stringEnd(p, n, start);
      if (end >= n) break; // cut off by the byte limit: an incomplete value is not evidence
      const len = end - start;
      const vp = p + <usize>start;
      const hint = hintLen > 0 ? keyHint(hintPtr, hintLen) : KeyHint.None;
      if (depth > 0) sketch.note(path, JsonType.String, stringFormat(vp, len), len > 0 ? classifyValue(vp, len, hint, false) : PiiType.None, maxFields);
      i = end + 1;
      continue;
    }
    if (c == 0x2d || isDigit(c)) {
      const start = i;
      let fraction = false;
      while (i < n) {
        const d = at(p, i);
        if (isDigit(d) || d == 0x2d || d == 0x2b) i++;
        else if (d == 0x2e || (d | 0x20) == 0x65) { fraction = true; i++; }
        else break;
      }
      if (i >= n) break; // may be cut off
      const len = i - start;
      let pii = PiiType.None;
      if (len >= 9 && len <= 19 && !fraction) pii = classifyValue(p + <usize>start, len, hintLen > 0 ? keyHint(hintPtr, hintLen) : KeyHint.None, true);
      if (depth > 0) sketch.note(path, fraction ? JsonType.Number : JsonType.Integer, FORMAT_UNSET, pii, maxFields);
      continue;
    }
    if (c == 0x74 || c == 0x66 || c == 0x6e) { // true false null
      const len = c == 0x66 ? 5 : 4;
      if (i + len > n) break;
      if (depth > 0) sketch.note(path, c == 0x6e ? JsonType.Null : JsonType.Boolean, FORMAT_UNSET, PiiType.None, maxFields);
      i += len;
      continue;
    }
    i++; // anything else is not JSON: skip the byte
  }
  return true;
}

// Index of the closing quote of a string whose content starts at `start` (n when unterminated).
function stringEnd(p: usize, n: i32, start: i32): i32 {
  let j = start;
  while (j < n) {
    const d = at(p, j);
    if (d == 0x5c) { j += 2; continue; }
    if (d == 0x22) return j;
    j++;
  }
  return n;
}

// ---- formats ---------------------------------------------------------------------------------------------

export function stringFormat(p: usize, n: i32): i32 {
  if (n < 2) return Format.None;
  const c0 = at(p, 0);
  if (isDigit(c0)) {
    if (n == 10 && isDate(p)) return Format.Date;
    if (n >= 20 && isDate(p) && isDateTimeTail(p, n)) return Format.DateTime;
    if (n == 36 && isUuid(p)) return Format.Uuid;
    if (isIpv4(p, n, KeyHint.None)) return Format.Ipv4;
  }
  if (n == 36 && isUuid(p)) return Format.Uuid;
  if (isEmail(p, n)) return Format.Email;
  if (isUri(p, n)) return Format.Uri;
  if (isIpv6(p, n)) return Format.Ipv6;
  return Format.None;
}

function digitsAt(p: usize, from: i32, count: i32): bool {
  for (let i = from; i < from + count; i++) if (!isDigit(at(p, i))) return false;
  return true;
}

// YYYY-MM-DD at p (month 01-12, day 01-31).
function isDate(p: usize): bool {
  if (!digitsAt(p, 0, 4) || at(p, 4) != 0x2d || !digitsAt(p, 5, 2) || at(p, 7) != 0x2d || !digitsAt(p, 8, 2)) return false;
  const month = (at(p, 5) - 0x30) * 10 + at(p, 6) - 0x30;
  const day = (at(p, 8) - 0x30) * 10 + at(p, 9) - 0x30;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// RFC 3339 after the date: THH:MM:SS[.frac](Z|±HH:MM).
function isDateTimeTail(p: usize, n: i32): bool {
  const t = at(p, 10) | 0x20;
  if (t != 0x74 || !digitsAt(p, 11, 2) || at(p, 13) != 0x3a || !digitsAt(p, 14, 2) || at(p, 16) != 0x3a || !digitsAt(p, 17, 2)) return false;
  let i = 19;
  if (i < n && at(p, i) == 0x2e) { i++; const s = i; while (i < n && isDigit(at(p, i))) i++; if (i == s) return false; }
  if (i == n - 1 && (at(p, i) | 0x20) == 0x7a) return true;
  if (i == n - 6 && (at(p, i) == 0x2b || at(p, i) == 0x2d) && digitsAt(p, i + 1, 2) && at(p, i + 3) == 0x3a && digitsAt(p, i + 4, 2)) return true;
  return false;
}

function isUuid(p: usize): bool {
  for (let i = 0; i < 36; i++) {
    const c = at(p, i);
    if (i == 8 || i == 13 || i == 18 || i == 23) { if (c != 0x2d) return false; }
    else if (!isHex(c)) return false;
  }
  return true;
}

// scheme://rest, no spaces or control characters.
function isUri(p: usize, n: i32): bool {
  let i = 0;
  const c0 = at(p, 0) | 0x20;
  if (c0 < 0x61 || c0 > 0x7a) return false;
  while (i < n) {
    const c = at(p, i);
    if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a || isDigit(c) || c == 0x2b || c == 0x2e || c == 0x2d) { i++; continue; }
    break;
  }
  if (i + 3 >= n || at(p, i) != 0x3a || at(p, i + 1) != 0x2f || at(p, i + 2) != 0x2f) return false;
  for (let j = i + 3; j < n; j++) { const c = at(p, j); if (c <= 0x20 || c == 0x7f) return false; }
  return true;
}
