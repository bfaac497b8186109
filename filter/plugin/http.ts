// Per-request context: rule matching on the request line, headers and body, and the resulting action.
//
// Rules are evaluated in order and the first one that matches decides. A rule with `bodyContains` can
// only be decided once the body is read, so a later header-only match waits for it. When the proxy
// honours StopIteration from request headers (config proxy.allowOnHeadersStopIteration), the headers are
// held until the body is inspected and a block happens before the upstream sees anything; otherwise the
// headers go upstream and only the body is held back, so a block resets the upstream request before it
// gets the body (Envoy's default for proxy-wasm, reference §1.4).
import {
  BufferType, FilterDataStatus, FilterHeadersStatus, HostBytes, HttpContext, LogLevel, MapType, Utf8,
  getBuffer, getHeaderValue, log, logEnabled, replaceHeader, sendLocalResponse,
} from "../runtime";
import { Action, FilterConfig, Rule } from "../config/filter-config";
import { L7GuardRootContext } from "./root";

const METHOD = new Utf8(":method");
const PATH = new Utf8(":path");
const REQUEST_ID = new Utf8("x-request-id");
const L7GUARD_HEADER = new Utf8("x-l7guard");
const VALUE_PASS = new Utf8("pass");
const VALUE_ALERT = new Utf8("alert");

export class L7GuardHttpContext extends HttpContext {
  private readonly guard: L7GuardRootContext;
  private readonly config: FilterConfig;
  // Rules whose non-body conditions matched and that now wait for the body (indices into config.rules).
  private bodyCandidates: i32[] | null = null;
  // First header-only rule that matched after a body candidate: decides if no body rule matches.
  private fallbackRule: i32 = -1;
  private decided: bool = false;
  private alerted: bool = false;
  private requestId: string = "";

  constructor(id: u32, root: L7GuardRootContext) {
    super(id, root);
    this.guard = root;
    this.config = root.config;
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const metrics = this.guard.metrics;
    if (metrics !== null) metrics.requests.increment();
    const rules = this.config.rules;
    if (rules.length == 0) { this.decided = true; return FilterHeadersStatus.Continue; }

    const method = new HostBytes();
    const path = new HostBytes();
    getHeaderValue(MapType.HttpRequestHeaders, METHOD, method);
    getHeaderValue(MapType.HttpRequestHeaders, PATH, path);
    let decision: i32 = -1;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (!matchesRequestLine(rule, method, path)) continue;
      if (rule.headerName !== null && !matchesHeader(rule)) continue;
      if (rule.bodyContains !== null) {
        if (endOfStream) continue; // no body: a body condition cannot hold
        let candidates = this.bodyCandidates;
        if (candidates === null) { candidates = new Array<i32>(); this.bodyCandidates = candidates; }
        candidates.push(i);
        continue;
      }
      if (this.bodyCandidates === null) decision = i; else this.fallbackRule = i;
      break;
    }
    method.release();
    path.release();

    if (decision >= 0 || this.bodyCandidates !== null) this.readRequestId();
    if (decision >= 0) return this.apply(decision) ? FilterHeadersStatus.StopAllIterationAndWatermark : FilterHeadersStatus.Continue;
    if (this.bodyCandidates === null) { this.decided = true; return FilterHeadersStatus.Continue; }
    // The body decides. Hold the headers too when the proxy lets us still see the body.
    return this.config.allowOnHeadersStopIteration ? FilterHeadersStatus.StopIteration : FilterHeadersStatus.Continue;
  }

  onRequestBody(bodyBufferLength: u32, endOfStream: bool): FilterDataStatus {
    if (this.decided) return FilterDataStatus.Continue;
    const limit = this.config.maxBodyBytes;
    const overLimit = bodyBufferLength > limit;
    if (!endOfStream && !overLimit) return FilterDataStatus.StopIterationAndBuffer; // buffer until complete
    if (overLimit) {
      const metrics = this.guard.metrics;
      if (metrics !== null) metrics.bodyOverLimit.increment();
      if (this.config.rejectOverLimit && this.config.effective(Action.Block) == Action.Block) {
        this.decided = true;
        this.sendBlock(this.guard.tooLargeDetails, 413, "body_too_large", "");
        return FilterDataStatus.StopIterationNoBuffer;
      }
    }
    // Decide on the whole body, or on its first maxBodyBytes when it is longer (inspectPrefix).
    const inspectLength = overLimit ? limit : bodyBufferLength;
    const body = new HostBytes();
    getBuffer(BufferType.HttpRequestBody, 0, inspectLength, body);
    let decision = this.fallbackRule;
    const candidates = this.bodyCandidates!;
    for (let i = 0; i < candidates.length; i++) {
      const needle = this.config.rules[candidates[i]].bodyContains!;
      if (indexOf(body.ptr, body.length, needle.ptr, needle.length) >= 0) { decision = candidates[i]; break; }
    }
    body.release();
    this.decided = true;
    if (decision >= 0 && this.apply(decision)) return FilterDataStatus.StopIterationNoBuffer;
    return FilterDataStatus.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    replaceHeader(MapType.HttpResponseHeaders, L7GUARD_HEADER, this.alerted ? VALUE_ALERT : VALUE_PASS);
    return FilterHeadersStatus.Continue;
  }

  // Applies rule `index`. Returns true when the request was answered locally (blocked).
  private apply(index: i32): bool {
    this.decided = true;
    const rule = this.config.rules[index];
    const metrics = this.guard.metrics;
    if (metrics !== null) metrics.ruleMatches.increment();
    const action = this.config.effective(rule.action);
    if (action == Action.Allow) return false;
    if (action == Action.Block) {
      if (metrics !== null) metrics.blocked.increment();
      if (logEnabled(LogLevel.Info)) log(LogLevel.Info, "l7guard: blocked request_id=" + this.requestId + " rule=" + rule.id);
      this.sendBlock(this.guard.blockDetails, 403, "rule", rule.id);
      return true;
    }
    this.alerted = true;
    if (metrics !== null) metrics.alerted.increment();
    if (logEnabled(LogLevel.Warn)) log(LogLevel.Warn, "l7guard: alert request_id=" + this.requestId + " rule=" + rule.id);
    return false;
  }

  // Local reply with a JSON body naming the request and the finding class, never the matched data.
  private sendBlock(details: Utf8, status: u32, findingClass: string, ruleId: string): void {
    let json = "{\"error\":\"" + (status == 413 ? "request body too large" : "request blocked by l7guard") +
      "\",\"requestId\":\"" + jsonSafe(this.requestId) + "\",\"class\":\"" + findingClass + "\"";
    if (ruleId.length > 0) json += ",\"rule\":\"" + ruleId + "\"";
    json += "}";
    const body = String.UTF8.encode(json);
    sendLocalResponse(status, details, changetype<usize>(body), <usize>body.byteLength, this.guard.blockReplyHeaders);
  }

  private readRequestId(): void {
    const id = new HostBytes();
    if (getHeaderValue(MapType.HttpRequestHeaders, REQUEST_ID, id)) this.requestId = id.toString();
    id.release();
  }
}

function matchesRequestLine(rule: Rule, method: HostBytes, path: HostBytes): bool {
  const methods = rule.methods;
  if (methods.length > 0) {
    let any = false;
    for (let i = 0; i < methods.length; i++) if (method.equals(methods[i])) { any = true; break; }
    if (!any) return false;
  }
  const prefix = rule.pathPrefix;
  return prefix === null || path.startsWith(prefix);
}

function matchesHeader(rule: Rule): bool {
  const value = new HostBytes();
  if (!getHeaderValue(MapType.HttpRequestHeaders, rule.headerName!, value)) return false;
  let ok = true;
  const equals = rule.headerEquals;
  if (equals !== null && !value.equals(equals)) ok = false;
  const contains = rule.headerContains;
  if (ok && contains !== null && indexOf(value.ptr, value.length, contains.ptr, contains.length) < 0) ok = false;
  value.release();
  return ok;
}

// Byte substring search (first-byte scan then compare); needles are short policy strings.
function indexOf(hay: usize, hayLength: i32, needle: usize, needleLength: i32): i32 {
  if (needleLength == 0) return 0;
  const first = load<u8>(needle);
  const last = hayLength - needleLength;
  for (let i = 0; i <= last; i++) {
    if (load<u8>(hay + <usize>i) == first && memory.compare(hay + <usize>i, needle, <usize>needleLength) == 0) return i;
  }
  return -1;
}

// Request ids come from a header: keep only characters that need no JSON escaping.
function jsonSafe(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x22 || c == 0x5c || c > 0x7e) return "invalid";
  }
  return s;
}
