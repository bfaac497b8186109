// Per-request context: rule matching on the request line, headers and body; the resulting action; and
// the request's telemetry record.
//
// Rules are evaluated in order and the first one that matches decides. A rule with `bodyContains` can
// only be decided once the body is read, so a later header-only match waits for it. When the proxy
// honours StopIteration from request headers (config proxy.allowOnHeadersStopIteration), the headers are
// held until the body is inspected and a block happens before the upstream sees anything; otherwise the
// headers go upstream and only the body is held back, so a block resets the upstream request before it
// gets the body (Envoy's default for proxy-wasm, reference §1.4).
//
// Request headers are read once, as one pairs block (one hostcall), and matched in place.
import {
  BufferType, FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus, HostBytes, HttpContext, LogLevel, MapType, PairsIterator, Utf8,
  getBuffer, getHeaderPairs, getPropertyString, log, logEnabled, nowMillis, nowNanos, PropertyPath,
  closeRequest, closeResponse, continueRequest, replaceBuffer, replaceHeader, replaceHeaderString, sendLocalResponse,
} from "../runtime";
import { Action, ATTACK_CLASSES, FilterConfig, PII_TYPES, Rule } from "../config/filter-config";
import { BodyKind } from "../inspect/index";
import { BodyStream, Direction as PiiDirection, Verdict, attackIn, attackInPath, attackInUrlHeader, applicationHeaderAttackIn, blockedName, bodyKind, evaluate, holdsLookup, inspect, lookupIn, streamChunk, streamOut } from "./inspection";
import { inflateBody, inflatedSoFar, INFLATE_OVER_CAP } from "../inspect/index";
import { CompressedCopy } from "./compressed-copy";
import { AttackClass, CLASS_LIMITS, CLASS_MALWARE, CLASS_PROTOCOL, FileKind, FramingCheck, applicationHeader, protocolHeaderAbuse, badAuthorization, confusingContentType, unusualCharset, malformedContentType, nulInQuery, foldedNameIs, hasLineBreak, lowByteLineBreak, javaReferenceCandidate, legacyCookie, invalidMethod, normalizePath, oastDomainIn, restrictedPath, sameSiteReferer, scanCookies, scannerUserAgentRemembered, scanForm, serverScriptFileName, phpSessionFileName } from "../inspect/index";
import { Direction, SecurityEvent } from "../telemetry/collector";
import { Workload, destinationFromAuthority, readDownstreamPeer, readVerifiedUser } from "../telemetry/identity";
import { StreamSample } from "../telemetry/stream-sample";
import { templatePath } from "../telemetry/path-template";
import { L7GuardRootContext } from "./root";

const PATH_HEADER = new Utf8(":path");
const COOKIE_HEADER = new Utf8("cookie");
const ACCEPT_ENCODING = new Utf8("accept-encoding");
const IDENTITY = new Utf8("identity");
const MAX_PII_EVENTS: i32 = 16;
const L7GUARD_HEADER = new Utf8("x-l7guard");
const VALUE_PASS = new Utf8("pass");
const VALUE_ALERT = new Utf8("alert");
const VALUE_BLOCK = new Utf8("block");
const VALUE_REDACT = new Utf8("redact");
// The response body is inspected (and redacted where the policy says) as it passes, after its headers
// left: its verdict is not known when the header is written.
const VALUE_STREAM = new Utf8("stream");
const SOURCE_ADDRESS = new PropertyPath(["source", "address"]);
const ACTION_NAMES: string[] = ["allow", "alert", "redact", "block"];
const TEMPLATE_CAPACITY: i32 = 2048;
const templateBuffer = new ArrayBuffer(TEMPLATE_CAPACITY);

// Where the interesting request headers sit inside the pairs block (valid until the block is released).
const LOOKUP_HEADERS: i32 = 64;
class RequestLine {
  methodPtr: usize = 0; methodLength: i32 = 0;
  pathPtr: usize = 0; pathLength: i32 = 0;
  authorityPtr: usize = 0; authorityLength: i32 = 0;
  requestIdPtr: usize = 0; requestIdLength: i32 = 0;
  userPtr: usize = 0; userLength: i32 = 0;
  xffPtr: usize = 0; xffLength: i32 = 0;
  contentTypePtr: usize = 0; contentTypeLength: i32 = 0;
  userAgentPtr: usize = 0; userAgentLength: i32 = 0;
  refererPtr: usize = 0; refererLength: i32 = 0;
  cookiePtr: usize = 0; cookieLength: i32 = 0;
  authorizationPtr: usize = 0; authorizationLength: i32 = 0;
  // X-Filename and its spellings: the name of a file a script uploads as the raw body (no multipart).
  filenamePtr: usize = 0; filenameLength: i32 = 0;
  // Request-Range: Netscape 2-3's draft of Range, never standardized; a server that still honours it reads
  // ranges the Range rules never saw (CRS 920660).
  requestRange: bool = false;
  // Proxy: no HTTP header of that name exists; CGI turns it into HTTP_PROXY, which HTTP clients in the back end
  // then use as their proxy (httpoxy, CVE-2016-5385).
  proxyHeader: bool = false;
  // Content-Encoding of the request body (gzip, deflate, br): the bytes the filter sees are not what a back end
  // that inflates them (Express's body-parser does by default) reads.
  contentEncodingPtr: usize = 0; contentEncodingLength: i32 = 0;
  // Other headers: the application's own (X-Api-Version, X-User-Id: read like a query value), and protocol
  // headers whose value holds "${" (a lookup or template expression where a logger or renderer may expand it:
  // Log4Shell came in X-Forwarded-Host) or is one dotted Java name. Name and value positions of the first
  // LOOKUP_HEADERS such headers; more of them is a `limits` finding (padding them in front of a payload must
  // not hide it).
  lookupCount: i32 = 0;
  lookupOverflow: bool = false;
  lookups: StaticArray<usize> = new StaticArray<usize>(LOOKUP_HEADERS * 4);
  // Per collected header: an application header (applicationHeader), read by every attack rule.
  lookupApplication: StaticArray<bool> = new StaticArray<bool>(LOOKUP_HEADERS);
  // The path as the application will see it (filter/inspect/path.ts): what rules match against.
  normalizedPath: usize = heap.alloc(4096); normalizedPathLength: i32 = 0;
}
const line = new RequestLine();
// Where the response headers we read sit inside the pairs block (the first of each name, as
// get_header_map_value would answer); valid until the block is released.
class ResponseLine {
  statusPtr: usize = 0; statusLength: i32 = 0;
  contentTypePtr: usize = 0; contentTypeLength: i32 = 0;
  contentEncodingPtr: usize = 0; contentEncodingLength: i32 = 0;
}
const response = new ResponseLine();

function scanResponseHeaders(it: PairsIterator, block: HostBytes): void {
  response.statusLength = -1; response.contentTypeLength = -1; response.contentEncodingLength = -1;
  it.reset(block);
  while (it.next()) {
    const k = it.keyPtr;
    const n = it.keyLength;
    if (n == 7 && response.statusLength < 0 && keyIs(k, n, ":status")) { response.statusPtr = it.valuePtr; response.statusLength = it.valueLength; }
    else if (n == 12 && response.contentTypeLength < 0 && keyIs(k, n, "content-type")) { response.contentTypePtr = it.valuePtr; response.contentTypeLength = it.valueLength; }
    else if (n == 16 && response.contentEncodingLength < 0 && keyIs(k, n, "content-encoding")) { response.contentEncodingPtr = it.valuePtr; response.contentEncodingLength = it.valueLength; }
  }
  if (response.statusLength < 0) response.statusLength = 0;
  if (response.contentTypeLength < 0) response.contentTypeLength = 0;
  if (response.contentEncodingLength < 0) response.contentEncodingLength = 0;
}
// Request framing (Content-Length / Transfer-Encoding), observed while the headers are read.
const framing = new FramingCheck();

export class L7GuardHttpContext extends HttpContext {
  private readonly guard: L7GuardRootContext;
  private readonly config: FilterConfig;
  private readonly telemetryOn: bool;
  // Rules whose non-body conditions matched and that now wait for the body (indices into config.rules).
  private bodyCandidates: i32[] | null = null;
  // First header-only rule that matched after a body candidate: decides if no body rule matches.
  private fallbackRule: i32 = -1;
  private decided: bool = false;
  private alerted: bool = false;
  private blocked: bool = false;
  private redacted: bool = false; // something in this exchange was masked before it was passed on
  private requestId: string = "";
  // Telemetry
  private startNanos: u64 = 0;
  private method: string = "";
  private host: string = "";
  private template: string = "/";
  private user: string = "";
  private clientIp: string = "";
  private status: i32 = 0;
  private requestBytesBase: i64 = 0;
  private requestBytes: i64 = 0;
  private responseBytes: i64 = 0;
  private peer: Workload | null = null;
  private event: SecurityEvent | null = null;
  // Set when this request is sampled for schema sketches or the transaction log.
  private sample: StreamSample | null = null;
  // ms when the request headers were held for the body; 0 when not held.
  heldSince: u64 = 0;
  // Payload inspection
  private inspectRequestBody: bool = false;
  // The request body is gzip or deflate and will be held whole: it is inflated and the inflated bytes inspected.
  private inflateRequest: bool = false;
  // A gzip or deflate body inspected alert-only (nothing on it can block or be masked): copied as it passes,
  // inflated and inspected when it ends (compressed-copy.ts).
  private requestCopy: CompressedCopy | null = null;
  private responseCopy: CompressedCopy | null = null;
  private requestKind: BodyKind = BodyKind.Other;
  private inspectResponseBody: bool = false;
  private responseKind: BodyKind = BodyKind.Other;
  private responseHeld: bool = false;
  private responseBytesBase: i64 = 0;
  private piiRequest: StaticArray<u32> | null = null;
  private piiResponse: StaticArray<u32> | null = null;
  private piiEvents: SecurityEvent[] | null = null;
  private uploadBoundary: ArrayBuffer | null = null;
  private requestStream: BodyStream | null = null;
  private responseStream: BodyStream | null = null;
  private uploadKinds: u32 = 0;

  constructor(id: u32, root: L7GuardRootContext) {
    super(id, root);
    this.guard = root;
    this.config = root.config;
    this.telemetryOn = root.telemetry !== null;
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const metrics = this.guard.metrics;
    if (metrics !== null) metrics.requests.increment();
    const rules = this.config.rules;
    const requestPolicy = this.guard.requestPolicy;
    const responsePolicy = this.guard.responsePolicy;
    if (rules.length == 0 && !this.telemetryOn && !requestPolicy.active && !responsePolicy.active) { this.decided = true; return FilterHeadersStatus.Continue; }

    const block = this.guard.scratchBytes;
    getHeaderPairs(MapType.HttpRequestHeaders, block);
    this.scanRequestLine(block);
    if (this.telemetryOn) this.captureRequest();
    if (requestPolicy.active) {
      if (line.requestIdLength > 0 && this.requestId.length == 0) this.requestId = String.UTF8.decodeUnsafe(line.requestIdPtr, <usize>line.requestIdLength);
      if (this.inspectQuery()) { block.release(); return FilterHeadersStatus.StopAllIterationAndWatermark; }
      const contentType = line.contentTypeLength > 0 ? String.UTF8.decodeUnsafe(line.contentTypePtr, <usize>line.contentTypeLength) : "";
      this.requestKind = bodyKind(contentType);
      if (this.requestKind == BodyKind.Multipart) this.prepareUpload(contentType);
      this.inspectRequestBody = !endOfStream && this.requestKind != BodyKind.Other;
      // A compressed request body (a back end that inflates it reads what the compressed bytes hide). gzip and
      // deflate bodies that are held whole are inflated and inspected (decideOnBody); one that streams past
      // (nothing on it can block) is copied as it goes and read when it ends (alerts). Any other (br) cannot be
      // read: counted and logged, and blocked when limits.compressed says so. Never passed silently. (gRPC and protobuf bodies, not inspected either way,
      // are left alone.)
      const ce = line.contentEncodingLength;
      if (this.inspectRequestBody && ce > 0 && !(ce == IDENTITY.length && memory.compare(line.contentEncodingPtr, IDENTITY.ptr, <usize>ce) == 0)) {
        if (inflatableEncoding(line.contentEncodingPtr, ce)) {
          // Held whole (the policy may block on it, or a rule reads it): inflated then. Streamed past: copied.
          this.inflateRequest = true;
          if (!requestPolicy.mustBuffer(this.requestKind)) this.requestCopy = new CompressedCopy(this.copyLimit());
        } else if (this.compressedRequestUnread()) {
          block.release();
          return FilterHeadersStatus.StopAllIterationAndWatermark;
        }
      }
    }
    // Responses we may have to redact or block must come back uncompressed.
    if (responsePolicy.canRedact || responsePolicy.canBlock) replaceHeader(MapType.HttpRequestHeaders, ACCEPT_ENCODING, IDENTITY);

    let decision: i32 = -1;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (!matchesRequestLine(rule)) continue;
      if (rule.headerName !== null && !this.matchesHeader(rule, block)) continue;
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
    if ((decision >= 0 || this.bodyCandidates !== null) && this.requestId.length == 0 && line.requestIdLength > 0) {
      this.requestId = String.UTF8.decodeUnsafe(line.requestIdPtr, <usize>line.requestIdLength);
    }
    block.release();

    if (decision >= 0 && this.apply(decision)) return FilterHeadersStatus.StopAllIterationAndWatermark;
    if (decision >= 0 || this.bodyCandidates === null) this.decided = true;
    const mayBlockOnBody = this.bodyCandidates !== null || (this.inspectRequestBody && requestPolicy.canBlock);
    if (!mayBlockOnBody) return FilterHeadersStatus.Continue;
    // The body decides. Hold the headers too when the proxy lets us still see the body.
    if (!this.config.allowOnHeadersStopIteration) return FilterHeadersStatus.Continue;
    this.heldSince = nowMillis();
    this.guard.heldStreams.push(this);
    return FilterHeadersStatus.StopIteration;
  }

  onRequestBody(bodyBufferLength: u32, endOfStream: bool): FilterDataStatus {
    const sample = this.sample;
    if (sample !== null) sample.onRequestBody(this.requestBytesBase, bodyBufferLength);
    if (this.heldSince != 0) { this.heldSince = 0; this.guard.unhold(this); }
    // While we buffer, Envoy reports the accumulated length; otherwise the chunk's (reference §1.4).
    this.requestBytes = this.requestBytesBase + <i64>bodyBufferLength;
    const status = this.decideOnBody(bodyBufferLength, endOfStream);
    if (status != FilterDataStatus.StopIterationAndBuffer) this.requestBytesBase = this.requestBytes;
    return status;
  }

  private decideOnBody(bodyBufferLength: u32, endOfStream: bool): FilterDataStatus {
    const needRules = !this.decided;
    const policy = this.guard.requestPolicy;
    if (this.inspectRequestBody && !needRules && !policy.mustBuffer(this.requestKind)) {
      // Nothing on the body can block: inspect (and redact) this chunk as it passes; a compressed one is copied.
      const copy = this.requestCopy;
      if (copy !== null) this.copyCompressed(copy, BufferType.HttpRequestBody, bodyBufferLength, endOfStream, PiiDirection.Request);
      else this.streamBody(BufferType.HttpRequestBody, bodyBufferLength, endOfStream, PiiDirection.Request, this.requestKind, "request", policy.canRedact);
      if (endOfStream) this.inspectRequestBody = false;
      return FilterDataStatus.Continue;
    }
    const needPii = this.inspectRequestBody;
    if (!needRules && !needPii) return FilterDataStatus.Continue;
    const limit = this.config.maxBodyBytes;
    const overLimit = bodyBufferLength > limit;
    if (!endOfStream && !overLimit) return FilterDataStatus.StopIterationAndBuffer; // buffer until complete
    if (overLimit) {
      const reject = this.config.rejectOverLimit && this.config.effective(Action.Block) == Action.Block;
      this.bodyOverLimit(PiiDirection.Request, "request", reject);
      if (reject) {
        this.decided = true;
        this.inspectRequestBody = false;
        this.blocked = true;
        this.sendBlock(this.guard.tooLargeDetails, 413, "limits", "");
        return FilterDataStatus.StopIterationNoBuffer;
      }
    }
    // Decide on the whole body, or on its first maxBodyBytes when it is longer (inspectPrefix).
    const inspectLength = overLimit ? limit : bodyBufferLength;
    const body = this.guard.scratchBytes;
    getBuffer(BufferType.HttpRequestBody, 0, inspectLength, body);
    this.inspectRequestBody = false;
    if (needRules) {
      let decision = this.fallbackRule;
      const candidates = this.bodyCandidates;
      if (candidates !== null) {
        for (let i = 0; i < candidates.length; i++) {
          const needle = this.config.rules[candidates[i]].bodyContains!;
          if (indexOf(body.ptr, body.length, needle.ptr, needle.length) >= 0) { decision = candidates[i]; break; }
        }
      }
      this.decided = true;
      if (decision >= 0 && this.apply(decision)) { body.release(); return FilterDataStatus.StopIterationNoBuffer; }
    }
    if (needPii && body.length > 0 && this.inflateRequest) {
      // gzip or deflate: the inflated body is inspected (up to limits.maxBodyBytes, at most 2 MiB); the body
      // passes on as it came. What cannot be inflated, or would need a mask (the compressed bytes cannot take
      // one), is a body the filter cannot read.
      const cap = this.inflateCap();
      const inflated = inflateBuffer(cap);
      const n = inflateBody(body.ptr, body.length, inflated, cap);
      body.release();
      let blockedNow = false;
      if (n < 0) blockedNow = this.compressedRequestUnread();
      else {
        this.uploadLimits();
        const verdict = inspect(inflated, n, this.requestKind, false, this.config, PiiDirection.Request, this.guard.limits, this.guard.findings);
        this.recordFindings(PiiDirection.Request, "request");
        if (verdict.action == Action.Block) { this.blockOn(verdict); blockedNow = true; }
        else if (verdict.redacted > 0) blockedNow = this.compressedRequestUnread();
      }
      return blockedNow ? FilterDataStatus.StopIterationNoBuffer : FilterDataStatus.Continue;
    }
    if (needPii && body.length > 0) {
      this.uploadLimits();
      const verdict = inspect(body.ptr, body.length, this.requestKind, false, this.config, PiiDirection.Request, this.guard.limits, this.guard.findings);
      this.recordFindings(PiiDirection.Request, "request");
      if (verdict.action == Action.Block) {
        body.release();
        this.blockOn(verdict);
        return FilterDataStatus.StopIterationNoBuffer;
      }
      if (verdict.redacted > 0) { replaceBuffer(BufferType.HttpRequestBody, <u32>body.length, body.ptr, <usize>body.length); this.redacted = true; }
    }
    body.release();
    return FilterDataStatus.Continue;
  }

  // The request line and key headers: PII in query values (alert, redact by rewriting :path, block) and
  // attacks in the path, query, User-Agent, Referer and Cookie. Returns true when the request was blocked.
  private inspectQuery(): bool {
    const findings = this.guard.findings;
    findings.reset();
    let q = -1;
    for (let i = 0; i < line.pathLength; i++) if (load<u8>(line.pathPtr + <usize>i) == 0x3f) { q = i; break; }
    // The pairs block is our memory: the query is scanned (and masked) where it lies.
    const qp = line.pathPtr + <usize>(q < 0 ? line.pathLength : q + 1);
    if (q >= 0 && q + 1 < line.pathLength) {
      scanForm(qp, line.pathLength - q - 1, this.guard.limits, findings, "query.", sameSiteReferer(line.refererPtr, line.refererLength, line.authorityPtr, line.authorityLength));
    }
    attackInPath(line.pathPtr, q < 0 ? line.pathLength : q, findings);
    // Files no application serves (.git/, .env, .aws/, coding agents' settings, debug logs): a probe.
    if (restrictedPath(line.normalizedPath, line.normalizedPathLength)) findings.addAttack(AttackClass.Traversal, 0, 0, "path", "traversal:restricted-file");
    attackIn(line.userAgentPtr, line.userAgentLength, "header.user-agent", findings);
    // A vulnerability scanner or fuzzer naming itself (sqlmap, Nikto, Nuclei, OpenVAS, ffuf…).
    if (scannerUserAgentRemembered(line.userAgentPtr, line.userAgentLength)) findings.addAttack(AttackClass.Scanner, 0, line.userAgentLength, "header.user-agent", "scanner:user-agent");
    attackInUrlHeader(line.refererPtr, line.refererLength, "header.referer", findings);
    attackIn(line.cookiePtr, line.cookieLength, "header.cookie", findings);
    // PII in cookie values (masked in place, relative to the same base as the query, when redacted).
    const cookieFindingsFrom = findings.count;
    if (line.cookieLength > 0) scanCookies(line.cookiePtr, line.cookieLength, <i32>(line.cookiePtr - qp), this.guard.limits, findings);
    const cookieFindingsTo = findings.count;
    attackIn(line.xffPtr, line.xffLength, "header.x-forwarded-for", findings);
    // The application's own headers: read by every attack rule. A protocol header holding "${": read for JNDI
    // lookups and template expressions only (header syntax such as Accept's "*/*;q=0.8" is not fed to the SQL
    // and markup rules); one that is one dotted Java name: read by the command rules (java.lang.Runtime, gadget
    // chains); one naming a host under an out-of-band testing domain: a scanner finding.
    for (let h = 0; h < line.lookupCount; h++) {
      const at = h * 4;
      const vp = unchecked(line.lookups[at + 2]), vn = <i32>unchecked(line.lookups[at + 3]), np = unchecked(line.lookups[at]), nn = <i32>unchecked(line.lookups[at + 1]);
      if (unchecked(line.lookupApplication[h])) applicationHeaderAttackIn(vp, vn, np, nn, findings);
      else lookupIn(vp, vn, np, nn, findings);
    }
    if (line.lookupOverflow) findings.addBodyFinding(<AttackClass>CLASS_LIMITS, 0, 0, "header", "limits:headers-to-inspect");
    // A file uploaded as the raw body, named by X-Filename: traversal in the name, or a name the web server
    // runs (shell.php, x.jsp, a.php.jpg) unless the route's upload policy allows scripts.
    if (line.filenameLength > 0) {
      const before = findings.count;
      attackIn(line.filenamePtr, line.filenameLength, "header.x-filename", findings);
      if (findings.count == before && (this.fileKindsForRoute() & (1 << <u32>FileKind.Script)) == 0 && serverScriptFileName(line.filenamePtr, line.filenameLength)) {
        findings.addAttack(<AttackClass>CLASS_MALWARE, 0, 0, "header.x-filename", "malware:server-script-name");
      } else if (findings.count == before && phpSessionFileName(line.filenamePtr, line.filenameLength)) {
        findings.addAttack(<AttackClass>CLASS_MALWARE, 0, 0, "header.x-filename", "malware:php-session-file");
      }
    }
    if (badAuthorization(line.authorizationPtr, line.authorizationLength)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "header.authorization", "protocol:authorization-shape");
    // Protocol abuse: methods no API uses, ambiguous framing (smuggling), CR/LF smuggled in the request
    // target (header injection / response splitting once a backend echoes it).
    if (invalidMethod(line.methodPtr, line.methodLength)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "method", "protocol:method");
    if (framing.smuggling()) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "header.content-length", "protocol:framing");
    // In the query, names with a line break and values that start a header line are scanForm's findings; a
    // multi-line search or message there is not one.
    if (hasLineBreak(line.pathPtr, q >= 0 ? q : line.pathLength)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "path", "protocol:crlf");
    else if (lowByteLineBreak(line.normalizedPath, line.normalizedPathLength)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "path", "protocol:crlf-low-byte");
    if (q >= 0 && nulInQuery(line.pathPtr + <usize>(q + 1), line.pathLength - q - 1)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "query", "protocol:nul-byte");
    if (legacyCookie(line.cookiePtr, line.cookieLength)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "header.cookie", "protocol:legacy-cookie");
    if (confusingContentType(line.contentTypePtr, line.contentTypeLength)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "header.content-type", "protocol:content-type-confusion");
    else if (unusualCharset(line.contentTypePtr, line.contentTypeLength)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "header.content-type", "protocol:charset");
    else if (malformedContentType(line.contentTypePtr, line.contentTypeLength)) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "header.content-type", "protocol:content-type-malformed");
    if (line.requestRange) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "header.request-range", "protocol:request-range");
    if (line.proxyHeader) findings.addAttack(<AttackClass>CLASS_PROTOCOL, 0, 0, "header.proxy", "protocol:httpoxy");
    if (findings.count == 0) return false;
    const verdict = evaluate(qp, findings, this.config, PiiDirection.Request);
    this.recordFindings(PiiDirection.Request, "request");
    if (verdict.action == Action.Block) {
      this.decided = true;
      this.blockOn(verdict);
      return true;
    }
    if (verdict.redacted > 0) {
      this.redacted = true;
      const path = String.UTF8.decodeUnsafe(line.pathPtr, <usize>line.pathLength);
      replaceHeaderString(MapType.HttpRequestHeaders, PATH_HEADER, path);
      if (cookieFindingsTo > cookieFindingsFrom) {
        replaceHeaderString(MapType.HttpRequestHeaders, COOKIE_HEADER, String.UTF8.decodeUnsafe(line.cookiePtr, <usize>line.cookieLength));
      }
    }
    return false;
  }

  // multipart/form-data: the boundary, and the file kinds this route may receive (uploads.routes, first
  // match by path prefix and method, else uploads.allowedTypes).
  private prepareUpload(contentType: string): void {
    const lower = contentType.toLowerCase();
    let b = lower.indexOf("boundary=");
    let boundary = "";
    if (b >= 0) {
      b += 9;
      let e = contentType.indexOf(";", b);
      if (e < 0) e = contentType.length;
      boundary = contentType.substring(b, e).trim();
      if (boundary.length >= 2 && boundary.charCodeAt(0) == 0x22 && boundary.charCodeAt(boundary.length - 1) == 0x22) boundary = boundary.substring(1, boundary.length - 1);
    }
    this.uploadBoundary = boundary.length > 0 ? String.UTF8.encode(boundary) : null;
    this.uploadKinds = this.fileKindsForRoute();
  }

  // The file kinds the upload policy allows on this request's route (the first route that matches, else the
  // default; 0: any non-executable).
  private fileKindsForRoute(): u32 {
    let kinds = this.config.allowedFileKinds;
    const routes = this.config.uploadRoutes;
    if (routes.length > 0) {
      const path = String.UTF8.decodeUnsafe(line.normalizedPath, <usize>line.normalizedPathLength);
      const method = String.UTF8.decodeUnsafe(line.methodPtr, <usize>line.methodLength);
      for (let i = 0; i < routes.length; i++) {
        const r = routes[i];
        if (!path.startsWith(r.pathPrefix)) continue;
        if (r.methods.length > 0 && !r.methods.includes(method)) continue;
        kinds = r.allowedFileKinds;
        break;
      }
    }
    return kinds;
  }

  // The request's multipart settings for the scan of its body.
  private uploadLimits(): void {
    const limits = this.guard.limits;
    limits.boundary = this.uploadBoundary;
    limits.allowedFileKinds = this.uploadKinds;
  }

  // Local 403 for a verdict: class is the attack class, or "pii" with the PII type.
  // A body that stays compressed cannot be read: counted (per direction) and logged, never silent; refused with a
  // 403 of class `compressed` when limits.compressed says block and the direction's policy could act on it
  // (`mayBlock`). True when refused.
  private compressedUnread(request: bool, mayBlock: bool): bool {
    const metrics = this.guard.metrics;
    if (metrics !== null) (request ? metrics.compressedRequestsUninspected : metrics.compressedUninspected).increment();
    if (logEnabled(LogLevel.Warn)) log(LogLevel.Warn, (request ? "l7guard: compressed request body not inspected request_id=" : "l7guard: compressed response not inspected request_id=") + this.requestId);
    if (!(this.config.blockCompressed && mayBlock && this.config.effective(Action.Block) == Action.Block)) return false;
    this.blocked = true;
    if (metrics !== null) metrics.blocked.increment();
    this.sendBlock(this.guard.blockDetails, 403, "compressed", "");
    return true;
  }
  // The same for a request body, which is then not inspected; a refusal decides the request.
  private compressedRequestUnread(): bool {
    this.inspectRequestBody = false;
    const refused = this.compressedUnread(true, this.guard.requestPolicy.canBlock);
    if (refused) this.decided = true;
    return refused;
  }

  private blockOn(verdict: Verdict): void {
    this.blocked = true;
    const metrics = this.guard.metrics;
    if (metrics !== null) metrics.blocked.increment();
    if (verdict.blockedAttack >= 0) this.sendBlock(this.guard.blockDetails, 403, ATTACK_CLASSES[verdict.blockedAttack], "");
    else this.sendBlock(this.guard.blockDetails, 403, "pii", blockedName(verdict));
  }

  // A body inspected as it passes (BodyStream): each chunk is scanned where the previous one left off,
  // redacted in place when `redact`, and passed on less a bounded tail that may hold an unfinished value
  // (held back and prepended to the next chunk; all of it passes with the last). Masks keep the length,
  // so the body's length (and Content-Length) is unchanged. Redaction goes to the end of the body; alert-
  // only inspection covers the first limits.maxBodyBytes bytes, and what lies past them is a limits finding.
  private streamBody(type: BufferType, length: u32, endOfStream: bool, direction: PiiDirection, kind: BodyKind, directionName: string, redact: bool): void {
    let stream = direction == PiiDirection.Request ? this.requestStream : this.responseStream;
    if (stream === null) {
      stream = new BodyStream();
      if (direction == PiiDirection.Request) this.requestStream = stream; else this.responseStream = stream;
    }
    if (kind == BodyKind.Binary && stream.scanned > 0) return; // the leading bytes were checked
    stream.redacting = redact;
    let take = <i32>length;
    let last = endOfStream;
    if (!redact) {
      const budget = <i64>this.config.maxBodyBytes - stream.scanned - <i64>stream.tailLength;
      if (<i64>length > (budget > 0 ? budget : 0) && !stream.limitReported && kind != BodyKind.Binary) {
        stream.limitReported = true;
        this.bodyOverLimit(direction, directionName, false);
      }
      if (budget <= 0 && stream.tailLength == 0) return;
      if (<i64>take >= budget) { take = budget > 0 ? <i32>budget : 0; last = true; }
    }
    const body = this.guard.scratchBytes;
    if (!redact && take > ALERT_SLICE) {
      // Alert-only reading passes nothing on, so a large chunk is read from the host a slice at a time, each
      // scanned as the stream's next chunk: the VM holds one slice and the tail, whatever the proxy's chunk
      // size (1 MiB chunks of changing sizes read whole grew linear memory to 10 MiB).
      this.bodyLimits(direction);
      let ended = false;
      for (let at = 0; at < take; at += ALERT_SLICE) {
        if (kind == BodyKind.Binary && stream.scanned > 0) break;
        const n = take - at < ALERT_SLICE ? take - at : ALERT_SLICE;
        if (!getBuffer(type, <u32>at, <u32>n, body) || body.length == 0) break;
        ended = last && at + n >= take;
        streamChunk(stream, body.ptr, body.length, ended, kind, this.config, direction, this.guard.limits, this.guard.findings, false);
        this.recordFindings(direction, directionName);
        body.release();
      }
      if (last && !ended && kind != BodyKind.Binary) { // a slice the host did not give: the held tail still ends the body
        streamChunk(stream, 0, 0, true, kind, this.config, direction, this.guard.limits, this.guard.findings, false);
        this.recordFindings(direction, directionName);
      }
      return;
    }
    if (take > 0) getBuffer(type, 0, <u32>take, body);
    if (take > 0 || stream.tailLength > 0 || last) {
      this.bodyLimits(direction);
      const pass = streamChunk(stream, body.ptr, take > 0 ? body.length : 0, last, kind, this.config, direction, this.guard.limits, this.guard.findings, redact);
      this.recordFindings(direction, directionName);
      if (redact && stream.rewrite) replaceBuffer(type, length, streamOut, <usize>pass);
      if (stream.redacted > 0) this.redacted = true;
    }
    body.release();
  }

  // Trailers end a body whose last chunk did not say so. Alert-only inspection reads what it held back
  // (those bytes already passed). Bytes held back for redaction can no longer be added to the body (a
  // trailers callback has no body buffer to write, reference §2.5); passing the body without them would
  // corrupt it silently: the stream is reset instead, and that is a limits finding.
  onRequestTrailers(trailerCount: u32): FilterTrailersStatus {
    this.endBodyAtTrailers(this.requestStream, BufferType.HttpRequestBody, PiiDirection.Request, this.requestKind, "request");
    if (this.requestCopy !== null) this.inspectCopied(PiiDirection.Request);
    return FilterTrailersStatus.Continue;
  }
  onResponseTrailers(trailerCount: u32): FilterTrailersStatus {
    this.endBodyAtTrailers(this.responseStream, BufferType.HttpResponseBody, PiiDirection.Response, this.responseKind, "response");
    if (this.responseCopy !== null) this.inspectCopied(PiiDirection.Response);
    return FilterTrailersStatus.Continue;
  }

  // A compressed body's copy: at most limits.maxBodyBytes (and 512 KiB) of it; the inflated read stops at
  // limits.maxBodyBytes (and 2 MiB), like the held request path.
  private copyLimit(): i32 { return this.config.maxBodyBytes < <u32>COPY_CAP ? <i32>this.config.maxBodyBytes : COPY_CAP; }
  private inflateCap(): i32 { return this.config.maxBodyBytes < <u32>INFLATE_CAP ? <i32>this.config.maxBodyBytes : INFLATE_CAP; }
  // The upload limits for a request body; a response has no boundary and no allowed file kinds.
  private bodyLimits(direction: PiiDirection): void {
    if (direction == PiiDirection.Request) this.uploadLimits(); else { this.guard.limits.boundary = null; this.guard.limits.allowedFileKinds = 0; }
  }
  private copyCompressed(copy: CompressedCopy, type: BufferType, length: u32, endOfStream: bool, direction: PiiDirection): void {
    if (length > 0 && !copy.truncated) {
      // Only what the copy can still keep is read from the host, and one byte more (it marks the copy cut).
      const room = <u32>(copy.limit - copy.length) + 1;
      const chunk = this.guard.scratchBytes;
      getBuffer(type, 0, length < room ? length : room, chunk);
      copy.append(chunk.ptr, chunk.length);
      chunk.release();
    }
    if (endOfStream) this.inspectCopied(direction);
  }
  // The copied body, inflated and inspected (alert-only: nothing is masked or blocked, the body has passed).
  // Cut short (the copy's limit, or an output past the cap): its prefix is read and the body is a limits
  // finding. Not inflatable at all: counted as a compressed body not inspected.
  private inspectCopied(direction: PiiDirection): void {
    const request = direction == PiiDirection.Request;
    const copy = request ? this.requestCopy : this.responseCopy;
    if (copy === null) return;
    if (request) this.requestCopy = null; else this.responseCopy = null;
    const name = request ? "request" : "response";
    const cap = this.inflateCap();
    const inflated = inflateBuffer(cap);
    let n = inflateBody(copy.ptr, copy.length, inflated, cap);
    const cut = n == INFLATE_OVER_CAP || (n < 0 && copy.truncated);
    if (n < 0 && cut && inflatedSoFar() > 0) n = inflatedSoFar();
    copy.release();
    if (n < 0) { this.compressedUnread(request, false); return; }
    if (cut || copy.truncated) this.bodyOverLimit(direction, name, false);
    this.bodyLimits(direction);
    inspect(inflated, n, request ? this.requestKind : this.responseKind, false, this.config, direction, this.guard.limits, this.guard.findings);
    this.recordFindings(direction, name);
  }
  private endBodyAtTrailers(s: BodyStream | null, buffer: BufferType, direction: PiiDirection, kind: BodyKind, name: string): void {
    if (s === null || s.tailLength == 0) return;
    if (s.redacting) {
      this.heldBytesStranded(direction, name);
      if (direction == PiiDirection.Request) closeRequest(); else closeResponse();
    } else this.streamBody(buffer, 0, true, direction, kind, name, false);
  }
  private heldBytesStranded(direction: PiiDirection, directionName: string): void {
    this.blocked = true;
    const metrics = this.guard.metrics;
    if (metrics !== null) metrics.blocked.increment();
    this.limitFinding(directionName, Action.Block, "limits:trailers-after-held-bytes");
    if (logEnabled(LogLevel.Warn)) log(LogLevel.Warn, "l7guard: " + directionName + " trailers arrived while body bytes were held back; stream reset request_id=" + this.requestId);
  }

  // A body longer than limits.maxBodyBytes: a limits finding (event, metrics) with the action taken:
  // block when it is rejected, else alert (the prefix is inspected, the rest passes). Never a silent pass.
  private bodyOverLimit(direction: PiiDirection, directionName: string, rejected: bool): void {
    const metrics = this.guard.metrics;
    if (metrics !== null) metrics.bodyOverLimit.increment();
    this.limitFinding(directionName, rejected ? Action.Block : Action.Alert, "limits:body-bytes");
  }

  // A limits finding made by the filter itself (not by a scan), with the action it took.
  private limitFinding(directionName: string, action: Action, rule: string): void {
    const metrics = this.guard.metrics;
    if (metrics !== null) {
      metrics.inspectionLimits.increment();
      metrics.piiFindings.increment();
      metrics.finding(true, CLASS_LIMITS, <i32>action);
      metrics.flushFindings();
    }
    if (action == Action.Alert) this.alerted = true;
    if (logEnabled(LogLevel.Debug)) log(LogLevel.Debug, "l7guard: attack limits " + ACTION_NAMES[<i32>action] + " at body request_id=" + this.requestId);
    if (!this.telemetryOn) return;
    const events = this.findingEvents();
    if (events === null) return;
    const e = this.newEvent("attack", "limits", action, directionName, "body");
    e.evidence = rule;
    events.push(e);
  }

  // An event of this request (who, which endpoint, what, where, the action); evidence is the caller's.
  private newEvent(category: string, type: string, action: Action, directionName: string, location: string): SecurityEvent {
    const e = new SecurityEvent();
    e.time = nowMillis();
    e.requestId = this.requestId;
    e.category = category;
    e.type = type;
    e.action = ACTION_NAMES[<i32>action];
    e.direction = directionName;
    e.location = location;
    e.method = this.method;
    e.host = this.host;
    e.template = this.template;
    e.user = this.user;
    e.clientIp = this.clientIp;
    return e;
  }

  // This request's finding events while there is room for one more (MAX_PII_EVENTS), else null.
  private findingEvents(): Array<SecurityEvent> | null {
    let events = this.piiEvents;
    if (events === null) { events = new Array<SecurityEvent>(); this.piiEvents = events; }
    return events.length < MAX_PII_EVENTS ? events : null;
  }

  // The policy's action for a finding class in this direction (an attack cannot be redacted: alert).
  private actionFor(isAttack: bool, cls: i32, direction: PiiDirection): Action {
    const a = this.config.effective(<Action>(isAttack ? this.config.attackActions : this.config.piiActions)[cls * 2 + <i32>direction]);
    return isAttack && a == Action.Redact ? Action.Alert : a;
  }

  // Counts and events for the findings just made (the events carry redacted evidence only).
  private recordFindings(direction: PiiDirection, directionName: string): void {
    const findings = this.guard.findings;
    const metrics = this.guard.metrics;
    if (findings.limitExceeded && metrics !== null) metrics.inspectionLimits.increment();
    if (findings.count == 0) return;
    // PII and attack findings together; per-class counts are gathered below and sent once by flushFindings.
    if (metrics !== null) metrics.piiFindings.increment(findings.count + findings.overflowCount);
    let counts = direction == PiiDirection.Request ? this.piiRequest : this.piiResponse;
    if (counts === null) {
      counts = new StaticArray<u32>(PII_TYPES.length);
      if (direction == PiiDirection.Request) this.piiRequest = counts; else this.piiResponse = counts;
    }
    // Findings past the detailed list: counted like the others (no event detail).
    for (let i = 0; i < findings.overflowCount; i++) {
      const isAttack = findings.overflowAttack(i) != AttackClass.None;
      const cls = isAttack ? <i32>findings.overflowAttack(i) : <i32>findings.overflowType(i);
      const action = this.actionFor(isAttack, cls, direction);
      if (!isAttack && cls < PII_TYPES.length) counts[cls]++;
      if (metrics !== null) metrics.finding(isAttack, cls, <i32>action);
      if (action == Action.Alert) this.alerted = true;
    }
    // A body's findings are mostly of one or two classes: the action of the last class is reused.
    let lastKey = -1;
    let lastAction = Action.Allow;
    for (let i = 0; i < findings.count; i++) {
      const f = unchecked(findings.items[i]); // i < count <= FINDING_SLOTS
      const isAttack = f.attack != AttackClass.None;
      const cls = isAttack ? <i32>f.attack : <i32>f.type;
      if (!isAttack && cls < counts.length) unchecked(counts[cls] = unchecked(counts[cls]) + 1);
      const key = isAttack ? 64 + cls : cls;
      if (key != lastKey) { lastAction = this.actionFor(isAttack, cls, direction); lastKey = key; }
      const action = lastAction;
      if (metrics !== null) metrics.finding(isAttack, cls, <i32>action);
      if (action == Action.Allow || <i32>action > <i32>Action.Block) continue;
      if (action == Action.Alert) this.alerted = true;
      if (!logEnabled(LogLevel.Debug) && !this.telemetryOn) continue;
      const what = isAttack ? ATTACK_CLASSES[cls] : PII_TYPES[cls];
      // One line per finding is for debugging; blocks are logged once at info, and everything is in telemetry.
      if (logEnabled(LogLevel.Debug)) log(LogLevel.Debug, "l7guard: " + (isAttack ? "attack " : "pii ") + what + " " + ACTION_NAMES[<i32>action] + " at " + f.location + " request_id=" + this.requestId);
      if (!this.telemetryOn) continue;
      const events = this.findingEvents();
      if (events === null) continue;
      const e = this.newEvent(isAttack ? "attack" : "pii", what, action, directionName, f.location);
      e.evidence = f.evidence;
      events.push(e);
    }
    if (metrics !== null) metrics.flushFindings();
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const policy = this.guard.responsePolicy;
    const inspectable = policy.active && !endOfStream && !this.blocked;
    if (this.telemetryOn || inspectable) {
      // The few response headers we read (status, content type, content encoding) come from one pairs
      // block: one hostcall instead of one per header.
      const block = this.guard.scratchBytes;
      getHeaderPairs(MapType.HttpResponseHeaders, block);
      scanResponseHeaders(this.guard.pairs, block);
      const contentType = response.contentTypeLength > 0 ? String.UTF8.decodeUnsafe(response.contentTypePtr, <usize>response.contentTypeLength) : "";
      if (this.telemetryOn) {
        if (response.statusLength > 0) this.status = parseStatus(response.statusPtr, response.statusLength);
        const sample = this.sample;
        if (sample !== null) sample.onResponseHeaders(contentType);
      }
      let encoded = false, inflatable = false;
      if (inspectable) {
        this.responseKind = bodyKind(contentType);
        const n = response.contentEncodingLength;
        encoded = n > 0 && !(n == IDENTITY.length && memory.compare(response.contentEncodingPtr, IDENTITY.ptr, <usize>n) == 0);
        inflatable = encoded && inflatableEncoding(response.contentEncodingPtr, n); // (the pointers are into block)
      }
      block.release();
      if (inspectable && this.responseKind != BodyKind.Other) {
        if (inflatable && !(policy.canRedact || policy.canBlock) && this.responseKind != BodyKind.Binary) {
          // Alert-only (it never asked for identity): a gzip or deflate body is copied as it passes and read
          // when it ends.
          this.responseCopy = new CompressedCopy(this.copyLimit());
          this.inspectResponseBody = true;
        } else if (encoded) {
          // Still compressed although we asked for identity (or an encoding we cannot inflate): cannot be
          // inspected. Under limits.compressed "block" what could not be redacted or blocked does not reach the
          // client; an alert-only policy lets it pass, counted.
          if (this.compressedUnread(false, policy.canRedact || policy.canBlock)) return FilterHeadersStatus.StopIteration;
        } else {
          this.inspectResponseBody = true;
          // Hold the headers while the body is inspected when a block may replace them (binary bodies are
          // only checked by their first bytes, as they pass).
          if (policy.canBlock && this.config.allowOnHeadersStopIteration && this.responseKind != BodyKind.Binary) {
            this.responseHeld = true;
            replaceHeader(MapType.HttpResponseHeaders, L7GUARD_HEADER, this.verdictHeader(false)); // final value once the body is inspected
            return FilterHeadersStatus.StopIteration;
          }
        }
      }
    }
    // Envoy encodes our own local replies through this filter too: keep them marked as blocks.
    replaceHeader(MapType.HttpResponseHeaders, L7GUARD_HEADER, this.verdictHeader(this.inspectResponseBody));
    return FilterHeadersStatus.Continue;
  }

  // x-l7guard: what l7guard did to this exchange as far as it is known when the response headers leave:
  // block, redact (something was masked), alert, stream (the response body is still to be inspected as it
  // passes: it may yet be redacted or alerted on), else pass. It never says pass for a body it is still to
  // read (a still-compressed response, which cannot be read, is counted and logged instead).
  private verdictHeader(streaming: bool): Utf8 {
    return this.blocked ? VALUE_BLOCK : this.redacted ? VALUE_REDACT : this.alerted ? VALUE_ALERT : streaming ? VALUE_STREAM : VALUE_PASS;
  }

  onResponseBody(bodyBufferLength: u32, endOfStream: bool): FilterDataStatus {
    const sample = this.sample;
    if (sample !== null) sample.onResponseBody(this.responseBytesBase, bodyBufferLength);
    this.responseBytes = this.responseBytesBase + <i64>bodyBufferLength;
    const status = this.inspectResponse(bodyBufferLength, endOfStream);
    if (status != FilterDataStatus.StopIterationAndBuffer) this.responseBytesBase = this.responseBytes;
    return status;
  }

  private inspectResponse(bodyBufferLength: u32, endOfStream: bool): FilterDataStatus {
    if (!this.inspectResponseBody) return FilterDataStatus.Continue;
    const policy = this.guard.responsePolicy;
    if (!policy.mustBuffer(this.responseKind) || this.responseKind == BodyKind.Binary) {
      // Nothing on the body can block (binary bodies are only checked by their leading bytes): inspect,
      // and redact, each chunk as it passes; a compressed one is copied.
      const copy = this.responseCopy;
      if (copy !== null) this.copyCompressed(copy, BufferType.HttpResponseBody, bodyBufferLength, endOfStream, PiiDirection.Response);
      else this.streamBody(BufferType.HttpResponseBody, bodyBufferLength, endOfStream, PiiDirection.Response, this.responseKind, "response", policy.canRedact && this.responseKind != BodyKind.Binary);
      if (endOfStream) this.inspectResponseBody = false;
      return FilterDataStatus.Continue;
    }
    const limit = this.config.maxBodyBytes;
    const overLimit = bodyBufferLength > limit;
    if (!endOfStream && !overLimit) return FilterDataStatus.StopIterationAndBuffer;
    this.inspectResponseBody = false;
    if (overLimit) {
      // Held to decide a block and longer than the limit: a limits finding, then limits.overLimit.
      const reject = this.config.rejectOverLimit && this.config.effective(Action.Block) == Action.Block;
      this.bodyOverLimit(PiiDirection.Response, "response", reject);
      if (reject) {
        this.blocked = true;
        const metrics = this.guard.metrics;
        if (metrics !== null) metrics.blocked.increment();
        if (this.responseHeld) this.sendBlock(this.guard.tooLargeDetails, 500, "limits", "");
        else closeResponse();
        return FilterDataStatus.StopIterationNoBuffer;
      }
    }
    const inspectLength = overLimit ? limit : bodyBufferLength;
    const body = this.guard.scratchBytes;
    getBuffer(BufferType.HttpResponseBody, 0, inspectLength, body);
    if (body.length == 0) { body.release(); return FilterDataStatus.Continue; }
    this.guard.limits.boundary = null;
    const verdict = inspect(body.ptr, body.length, this.responseKind, false, this.config, PiiDirection.Response, this.guard.limits, this.guard.findings);
    this.recordFindings(PiiDirection.Response, "response");
    if (verdict.action == Action.Block) {
      body.release();
      this.blocked = true;
      const metrics = this.guard.metrics;
      if (metrics !== null) metrics.blocked.increment();
      // Headers still held: the block replaces the response. Otherwise only a reset stops the leak.
      if (this.responseHeld) this.sendBlock(this.guard.blockDetails, 403, verdict.blockedAttack >= 0 ? ATTACK_CLASSES[verdict.blockedAttack] : "pii", verdict.blockedAttack >= 0 ? "" : blockedName(verdict));
      else closeResponse();
      return FilterDataStatus.StopIterationNoBuffer;
    }
    if (verdict.redacted > 0) { replaceBuffer(BufferType.HttpResponseBody, <u32>body.length, body.ptr, <usize>body.length); this.redacted = true; }
    body.release();
    // Headers still held: they leave now, saying what was done to the body.
    if (this.responseHeld) replaceHeader(MapType.HttpResponseHeaders, L7GUARD_HEADER, this.verdictHeader(false));
    return FilterDataStatus.Continue;
  }

  // Called from a root tick (see L7GuardRootContext.releaseStuckStreams).
  resumeHeldRequest(): void {
    this.heldSince = 0;
    if (this.makeEffective()) continueRequest();
  }

  onDelete(): void {
    if (this.heldSince != 0) { this.heldSince = 0; this.guard.unhold(this); }
    // A stream reset before its body ended: the copies it kept go back.
    const rc = this.requestCopy, sc = this.responseCopy;
    if (rc !== null) { rc.release(); this.requestCopy = null; }
    if (sc !== null) { sc.release(); this.responseCopy = null; }
  }

  onLog(): void {
    const telemetry = this.guard.telemetry;
    if (telemetry === null) return;
    const r = this.guard.record;
    const outbound = this.guard.direction() == 2;
    r.direction = outbound ? Direction.Outbound : Direction.Inbound;
    this.fillEnds(r.source, r.destination, outbound);
    r.method = this.method;
    r.host = this.host;
    r.template = this.template;
    r.status = this.blocked && this.status == 0 ? 403 : this.status;
    r.user = this.user;
    r.clientIp = this.clientIp;
    r.latencyMs = this.startNanos == 0 ? 0 : <f64>(nowNanos() - this.startNanos) / 1e6;
    r.requestBytes = this.requestBytes;
    r.responseBytes = this.responseBytes;
    r.blocked = this.blocked;
    copyCounts(this.piiRequest, r.piiRequest);
    copyCounts(this.piiResponse, r.piiResponse);
    telemetry.record(r);
    const sample = this.sample;
    if (sample !== null) { this.sample = null; telemetry.finishSample(sample, r, this.requestId, this.piiEvents, this.event); }
    const piiEvents = this.piiEvents;
    if (piiEvents !== null) {
      for (let i = 0; i < piiEvents.length; i++) {
        const pe = piiEvents[i];
        this.fillEnds(pe.source, pe.destination, outbound);
        pe.status = r.status;
        telemetry.addEvent(pe);
      }
    }
    const e = this.event;
    if (e !== null) {
      this.fillEnds(e.source, e.destination, outbound);
      e.status = r.status;
      telemetry.addEvent(e);
    }
  }

  // Applies rule `index`. Returns true when the request was answered locally (blocked).
  private apply(index: i32): bool {
    this.decided = true;
    const rule = this.config.rules[index];
    const metrics = this.guard.metrics;
    if (metrics !== null) metrics.ruleMatches.increment();
    const action = this.config.effective(rule.action);
    if (this.telemetryOn && action != Action.Allow) this.recordRuleEvent(rule, action);
    if (action == Action.Allow) return false;
    if (action == Action.Block) {
      this.blocked = true;
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

  private recordRuleEvent(rule: Rule, action: Action): void {
    this.event = this.newEvent("rule", rule.id, action, "request",
      rule.bodyContains !== null ? "body" : rule.headerName !== null ? "header." + rule.headerName!.text : "path");
  }

  // Local reply with a JSON body naming the request and the finding class, never the matched data.
  private sendBlock(details: Utf8, status: u32, findingClass: string, ruleId: string): void {
    let json = "{\"error\":\"" + (status == 413 ? "request body too large" : status == 500 ? "response body too large" : "request blocked by l7guard") +
      "\",\"requestId\":\"" + jsonSafe(this.requestId) + "\",\"class\":\"" + findingClass + "\"";
    if (ruleId.length > 0) json += (findingClass == "pii" ? ",\"type\":\"" : ",\"rule\":\"") + ruleId + "\"";
    json += "}";
    const body = String.UTF8.encode(json);
    sendLocalResponse(status, details, changetype<usize>(body), <usize>body.byteLength, this.guard.blockReplyHeaders);
  }

  private scanRequestLine(block: HostBytes): void {
    line.methodLength = 0; line.pathLength = 0; line.authorityLength = 0;
    line.requestIdLength = 0; line.userLength = 0; line.xffLength = 0; line.contentTypeLength = 0;
    line.userAgentLength = 0; line.refererLength = 0; line.cookieLength = 0; line.authorizationLength = 0;
    const it = this.guard.pairs;
    it.reset(block);
    const userHeader = this.guard.userHeaderName;
    line.normalizedPathLength = 0;
    line.filenameLength = 0;
    line.requestRange = false;
    line.proxyHeader = false;
    line.contentEncodingLength = 0;
    line.lookupCount = 0;
    line.lookupOverflow = false;
    framing.reset();
    while (it.next()) {
      const k = it.keyPtr;
      const n = it.keyLength;
      if (n == 14 || n == 17) framing.observe(k, n, it.valuePtr, it.valueLength);
      if (n == 7 && keyIs(k, n, ":method")) { line.methodPtr = it.valuePtr; line.methodLength = it.valueLength; }
      else if (n == 5 && keyIs(k, n, ":path")) { line.pathPtr = it.valuePtr; line.pathLength = it.valueLength; }
      else if (n == 10 && keyIs(k, n, ":authority")) { line.authorityPtr = it.valuePtr; line.authorityLength = it.valueLength; }
      else if (n == 12 && keyIs(k, n, "x-request-id")) { line.requestIdPtr = it.valuePtr; line.requestIdLength = it.valueLength; }
      else if (n == 15 && keyIs(k, n, "x-forwarded-for")) { line.xffPtr = it.valuePtr; line.xffLength = it.valueLength; }
      else if (n == 12 && keyIs(k, n, "content-type")) { line.contentTypePtr = it.valuePtr; line.contentTypeLength = it.valueLength; }
      else if (n == 10 && keyIs(k, n, "user-agent")) { line.userAgentPtr = it.valuePtr; line.userAgentLength = it.valueLength; }
      else if (n == 7 && keyIs(k, n, "referer")) { line.refererPtr = it.valuePtr; line.refererLength = it.valueLength; }
      else if (n == 6 && keyIs(k, n, "cookie")) { line.cookiePtr = it.valuePtr; line.cookieLength = it.valueLength; }
      else if (n == 13 && keyIs(k, n, "authorization")) { line.authorizationPtr = it.valuePtr; line.authorizationLength = it.valueLength; }
      else if ((n == 10 && (keyIs(k, n, "x-filename") || keyIs(k, n, "x_filename") || keyIs(k, n, "x.filename"))) || (n == 11 && keyIs(k, n, "x-file-name"))) {
        line.filenamePtr = it.valuePtr; line.filenameLength = it.valueLength;
      }
      else if (n == 13 && keyIs(k, n, "request-range")) line.requestRange = true;
      else if (n == 5 && keyIs(k, n, "proxy")) line.proxyHeader = true;
      else if (n == 16 && keyIs(k, n, "content-encoding")) { line.contentEncodingPtr = it.valuePtr; line.contentEncodingLength = it.valueLength; }
      else if (userHeader !== null && it.keyEquals(userHeader)) { line.userPtr = it.valuePtr; line.userLength = it.valueLength; }
      else if (n > 0 && load<u8>(k) != 0x3a) {
        const application = it.valueLength >= 3 && (applicationHeader(k, n) || protocolHeaderAbuse(it.valuePtr, it.valueLength));
        if (!application && !holdsLookup(it.valuePtr, it.valueLength) && !javaReferenceCandidate(it.valuePtr, it.valueLength) && !oastDomainIn(it.valuePtr, it.valueLength)) continue;
        if (line.lookupCount == LOOKUP_HEADERS) { line.lookupOverflow = true; continue; }
        const at = line.lookupCount * 4;
        unchecked(line.lookups[at] = k); unchecked(line.lookups[at + 1] = <usize>n);
        unchecked(line.lookups[at + 2] = it.valuePtr); unchecked(line.lookups[at + 3] = <usize>it.valueLength);
        unchecked(line.lookupApplication[line.lookupCount] = application);
        line.lookupCount++;
      }
    }
    line.normalizedPathLength = normalizePath(line.pathPtr, line.pathLength, line.normalizedPath, 4096);
  }

  private captureRequest(): void {
    this.startNanos = nowNanos();
    this.method = String.UTF8.decodeUnsafe(line.methodPtr, <usize>line.methodLength);
    let host = String.UTF8.decodeUnsafe(line.authorityPtr, <usize>line.authorityLength);
    const colon = host.lastIndexOf(":");
    if (colon > 0 && host.indexOf("]") < colon) host = host.substring(0, colon);
    this.host = host.toLowerCase();
    const n = templatePath(line.pathPtr, line.pathLength, changetype<usize>(templateBuffer), TEMPLATE_CAPACITY);
    this.template = String.UTF8.decodeUnsafe(changetype<usize>(templateBuffer), <usize>n);
    if (line.requestIdLength > 0) this.requestId = String.UTF8.decodeUnsafe(line.requestIdPtr, <usize>line.requestIdLength);
    this.user = readVerifiedUser(this.config.userClaim, this.guard.peerBytes);
    if (this.user.length == 0 && line.userLength > 0) this.user = String.UTF8.decodeUnsafe(line.userPtr, <usize>line.userLength);
    this.clientIp = this.resolveClientIp();
    if (this.guard.direction() != 2) {
      const peer = new Workload();
      if (readDownstreamPeer(peer, this.guard.peerBytes, this.guard.peerPairs)) this.peer = peer;
    }
    const telemetry = this.guard.telemetry;
    if (telemetry !== null) {
      this.sample = telemetry.startSample(this.host, this.method, this.template, this.requestId, line.contentTypePtr, line.contentTypeLength);
    }
  }

  // With N trusted hops, the client is the N-th X-Forwarded-For entry from the right; with none (or too
  // few entries), the connection's source address.
  private resolveClientIp(): string {
    const hops = <i32>this.config.trustedXffHops;
    if (hops > 0 && line.xffLength > 0) {
      const entries = String.UTF8.decodeUnsafe(line.xffPtr, <usize>line.xffLength).split(",");
      if (entries.length >= hops) return entries[entries.length - hops].trim();
    }
    const address = getPropertyString(SOURCE_ADDRESS, "");
    return stripPort(address);
  }

  private fillEnds(source: Workload, destination: Workload, outbound: bool): void {
    if (outbound) {
      source.copyFrom(this.guard.reporter);
      destination.copyFrom(EMPTY_WORKLOAD);
      destinationFromAuthority(this.host, this.guard.reporter.namespace, destination);
    } else {
      const peer = this.peer;
      if (peer !== null) source.copyFrom(peer);
      else {
        // A caller without mesh identity: an external client, named by its address.
        source.copyFrom(EMPTY_WORKLOAD);
        source.external = true;
        source.host = this.clientIp;
      }
      destination.copyFrom(this.guard.reporter);
    }
  }

  private matchesHeader(rule: Rule, block: HostBytes): bool {
    const it = this.guard.pairs;
    it.reset(block);
    const name = rule.headerName!;
    while (it.next()) {
      if (!it.keyEquals(name)) continue;
      const equals = rule.headerEquals;
      if (equals !== null && !(it.valueLength == equals.length && memory.compare(it.valuePtr, equals.ptr, <usize>equals.length) == 0)) continue;
      const contains = rule.headerContains;
      if (contains !== null && indexOf(it.valuePtr, it.valueLength, contains.ptr, contains.length) < 0) continue;
      return true;
    }
    return false;
  }
}

const EMPTY_WORKLOAD = new Workload();

function copyCounts(from: StaticArray<u32> | null, to: StaticArray<u32>): void {
  for (let i = 0; i < to.length; i++) to[i] = from === null ? 0 : from[i];
}

function matchesRequestLine(rule: Rule): bool {
  const methods = rule.methods;
  if (methods.length > 0) {
    let any = false;
    for (let i = 0; i < methods.length; i++) {
      const m = methods[i];
      if (m.length == line.methodLength && memory.compare(m.ptr, line.methodPtr, <usize>m.length) == 0) { any = true; break; }
    }
    if (!any) return false;
  }
  // Against the normalized path: //admin, /./admin, /%61dmin and \admin are /admin to the application.
  const prefix = rule.pathPrefix;
  return prefix === null || (line.normalizedPathLength >= prefix.length && memory.compare(line.normalizedPath, prefix.ptr, <usize>prefix.length) == 0);
}

@inline function keyIs(ptr: usize, n: i32, name: string): bool {
  for (let i = 0; i < n; i++) if (<u32>load<u8>(ptr + <usize>i) != <u32>name.charCodeAt(i)) return false;
  return true;
}

// Most bytes an inflated request body may take (a bomb stops there; the filter's memory stays small).
const INFLATE_CAP: i32 = 2 << 20;
// Alert-only inspection reads a body chunk larger than this in slices of this size (Envoy's own chunks are
// 16-64 KiB; other proxies and our host can hand over a whole body at once).
const ALERT_SLICE: i32 = 64 << 10;
// One buffer for every inflated body of the VM, kept once allocated (grown to the largest cap asked): a body
// inflated into a fresh megabyte each time left the heap fragmented (linear memory 5.0 MiB after two gzip
// exchanges of 1 MiB JSON in monitor mode, 2.5 MiB with the buffer kept, and still 2.5 after 50). Callbacks run
// one at a time, so one buffer serves them all.
let inflateBuf: usize = 0, inflateBufCap: i32 = 0;
function inflateBuffer(cap: i32): usize {
  if (cap > inflateBufCap) {
    if (inflateBuf != 0) heap.free(inflateBuf);
    inflateBuf = heap.alloc(<usize>cap);
    inflateBufCap = cap;
  }
  return inflateBuf;
}
const COPY_CAP: i32 = 512 << 10;
// Content-Encoding gzip, x-gzip or deflate (one coding; letters in any case).
function inflatableEncoding(p: usize, n: i32): bool {
  return foldedNameIs(p, n, "gzip") || foldedNameIs(p, n, "x-gzip") || foldedNameIs(p, n, "deflate");
}

function parseStatus(ptr: usize, length: i32): i32 {
  let v = 0;
  for (let i = 0; i < length && i < 3; i++) {
    const c = <i32>load<u8>(ptr + <usize>i) - 0x30;
    if (c < 0 || c > 9) return 0;
    v = v * 10 + c;
  }
  return v;
}

function stripPort(address: string): string {
  if (address.startsWith("[")) {
    const close = address.indexOf("]");
    return close > 0 ? address.substring(1, close) : address;
  }
  const colon = address.lastIndexOf(":");
  return colon > 0 && address.indexOf(":") == colon ? address.substring(0, colon) : address;
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
