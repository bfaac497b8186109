// Telemetry in the filter: per-window aggregates keyed by (source, destination, direction, endpoint,
// status class, user), individual security events, and their delivery to the manager as JSON batches
// (schemas/telemetry-batch.schema.json) through proxy_http_call.
//
// Memory is bounded whatever the manager does: at most MAX_AGGREGATES keys per window, at most
// maxBatchEvents events, one batch in flight or waiting for retry. Anything over is dropped and counted,
// and the counts travel in the next batch. Delivery never touches the request path: it runs on ticks.
import {
  HostBytes, HttpCallHandler, LogLevel, RootContext, MapType, PairsBuilder, Utf8, getCallStatus, getHeaderValue, httpCall,
  log, logEnabled, nowMillis, lastHttpCallResult,
} from "../runtime";
import { CollectorConfig, PII_TYPES } from "../config/filter-config";
import { JsonWriter } from "./json-writer";
import { Workload } from "./identity";
import { SketchSettings, SketchTable } from "./sketches";
import { StreamSample, isJsonContentType } from "./stream-sample";
import { writeWorkloadJson } from "./schema-sketch";

const MAX_AGGREGATES: i32 = 2000;
const MAX_CLIENTS_PER_AGGREGATE: i32 = 64;
const MAX_TRANSACTIONS: i32 = 1000;
const MAX_TRANSACTION_FIELDS: i32 = 32;
const MAX_ATTEMPTS: i32 = 5;
const MAX_BACKOFF_MS: u64 = 60_000;
const STATUS = new Utf8(":status");

export const enum Direction { Unknown = 0, Inbound = 1, Outbound = 2 }

// What the HTTP context hands over when a request completes.
export class RequestRecord {
  source: Workload = new Workload();
  destination: Workload = new Workload();
  direction: Direction = Direction.Inbound;
  method: string = "";
  host: string = "";
  template: string = "/";
  status: i32 = 0;
  user: string = "";
  clientIp: string = "";
  latencyMs: f64 = 0;
  requestBytes: i64 = 0;
  responseBytes: i64 = 0;
  blocked: bool = false;
  piiRequest: StaticArray<u32> = new StaticArray<u32>(PII_TYPES.length);
  piiResponse: StaticArray<u32> = new StaticArray<u32>(PII_TYPES.length);
}

// The aggregate's map key, source|destination|direction|method|host|template|status class|user with each
// workload as namespace/workload/host (Workload#keyPart), built with one allocation: it runs once per
// request, and the concatenation it replaces made one string per piece.
const KEY_PARTS = new StaticArray<string>(12);
const KEY_SEPARATORS: StaticArray<u16> = [0x2f, 0x2f, 0x7c, 0x2f, 0x2f, 0x7c, 0x7c, 0x7c, 0x7c, 0x7c, 0x7c]; // "/" and "|"
const DIRECTION_DIGITS: StaticArray<string> = ["0", "1", "2"];
export function aggregateKey(r: RequestRecord, statusClassName: string): string {
  const parts = KEY_PARTS;
  const d = <i32>r.direction;
  parts[0] = r.source.namespace; parts[1] = r.source.workload; parts[2] = r.source.host;
  parts[3] = r.destination.namespace; parts[4] = r.destination.workload; parts[5] = r.destination.host;
  parts[6] = d >= 0 && d < DIRECTION_DIGITS.length ? DIRECTION_DIGITS[d] : d.toString();
  parts[7] = r.method; parts[8] = r.host; parts[9] = r.template; parts[10] = statusClassName; parts[11] = r.user;
  let units = parts.length - 1;
  for (let i = 0; i < parts.length; i++) units += parts[i].length;
  const out = changetype<string>(__new(<usize>units << 1, idof<string>()));
  let at = changetype<usize>(out);
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) { store<u16>(at, KEY_SEPARATORS[i - 1]); at += 2; }
    const bytes = <usize>parts[i].length << 1;
    memory.copy(at, changetype<usize>(parts[i]), bytes);
    at += bytes;
  }
  for (let i = 0; i < parts.length; i++) parts[i] = ""; // hold no strings between requests
  return out;
}

export class SecurityEvent {
  time: u64 = 0;
  requestId: string = "";
  category: string = "rule";
  type: string = "";
  action: string = "alert";
  direction: string = "request";
  location: string = "";
  evidence: string = "";
  status: i32 = 0;
  source: Workload = new Workload();
  destination: Workload = new Workload();
  method: string = "";
  host: string = "";
  template: string = "";
  user: string = "";
  clientIp: string = "";
}

// A sampled transaction-log entry: a redacted summary of one request (no payload, no values).
export class Transaction {
  time: u64 = 0;
  requestId: string = "";
  source: Workload = new Workload();
  destination: Workload = new Workload();
  direction: Direction = Direction.Inbound;
  method: string = "";
  host: string = "";
  template: string = "";
  status: i32 = 0;
  latencyMs: f64 = 0;
  requestBytes: i64 = 0;
  responseBytes: i64 = 0;
  user: string = "";
  blocked: bool = false;
  requestContentType: string = "";
  responseContentType: string = "";
  findings: string[] = [];      // finding classes: PII types, attack classes, rule ids
  fieldPaths: string[] = [];    // where they were ($.user.card, query.q, header.cookie)
  fieldTypes: string[] = [];
  fieldActions: string[] = [];
}

class Aggregate {
  source: Workload = new Workload();
  destination: Workload = new Workload();
  direction: Direction = Direction.Inbound;
  method: string = "";
  host: string = "";
  template: string = "";
  statusClass: string = "none";
  user: string = "";
  count: i64 = 0;
  blocked: i64 = 0;
  latencySum: f64 = 0;
  latencyMax: f64 = 0;
  requestBytes: i64 = 0;
  responseBytes: i64 = 0;
  piiRequest: StaticArray<u32> = new StaticArray<u32>(PII_TYPES.length);
  piiResponse: StaticArray<u32> = new StaticArray<u32>(PII_TYPES.length);
  clientIps: string[] = [];
  clientCounts: i64[] = [];
}

export function statusClass(status: i32): string {
  if (status >= 100 && status < 200) return "1xx";
  if (status >= 200 && status < 300) return "2xx";
  if (status >= 300 && status < 400) return "3xx";
  if (status >= 400 && status < 500) return "4xx";
  if (status >= 500 && status < 600) return "5xx";
  return "none";
}

export class TelemetryCollector extends HttpCallHandler {
  private readonly config: CollectorConfig;
  private readonly reporter: Workload;
  private readonly policyVersion: i64;
  private readonly rootId: u32;
  private readonly cluster: Utf8;
  private readonly headers: PairsBuilder;
  private aggregates: Map<string, Aggregate> = new Map<string, Aggregate>();
  private events: SecurityEvent[] = [];
  private transactions: Transaction[] = [];
  readonly sketches: SketchTable;
  private sampleCredit: f64 = 0;
  private windowStart: u64 = 0;
  // The batch in flight or waiting for a retry.
  private readonly pending: JsonWriter = new JsonWriter();
  private pendingTokens: u32 = 0;
  private inFlight: bool = false;
  private attempts: i32 = 0;
  private retryAt: u64 = 0;
  private sequence: u64 = 0;
  private readonly batchPrefix: string;
  // Dropped since the last delivered batch.
  droppedEvents: i64 = 0;
  droppedAggregates: i64 = 0;
  droppedBatches: i64 = 0;
  droppedTransactions: i64 = 0;
  // For tests and metrics.
  delivered: i64 = 0;
  failures: i64 = 0;
  // Set by the root context when it is shutting down and waits for the last batch (onDone returned false).
  finishing: RootContext | null = null;

  constructor(config: CollectorConfig, reporter: Workload, policyVersion: i64, rootId: u32) {
    super();
    this.config = config;
    this.reporter = reporter;
    this.policyVersion = policyVersion;
    this.rootId = rootId;
    this.cluster = new Utf8(config.cluster);
    const h = new PairsBuilder()
      .add(":method", "POST").add(":path", config.path).add(":authority", config.authority)
      .add("content-type", "application/json");
    if (config.token.length > 0) h.add("authorization", "Bearer " + config.token);
    this.headers = h;
    const started = nowMillis();
    this.batchPrefix = (reporter.workload.length > 0 ? reporter.namespace + "/" + reporter.workload : "proxy") + "/" + started.toString() + "/" + rootId.toString() + "/";
    this.windowStart = started;
    const settings = new SketchSettings();
    settings.perWindow = <i32>config.schemaSamplesPerWindow;
    settings.every = <i32>config.schemaSampleEvery;
    settings.maxBytes = <i32>config.schemaMaxBytes;
    settings.maxFields = <i32>config.schemaMaxFields;
    settings.maxDepth = <i32>config.schemaMaxDepth;
    this.sketches = new SketchTable(settings);
  }

  get hasPendingBatch(): bool { return this.inFlight || this.pending.length > 0; }
  get isEmpty(): bool {
    return this.aggregates.size == 0 && this.events.length == 0 && this.sketches.size == 0 && this.transactions.length == 0 &&
      this.droppedEvents == 0 && this.droppedAggregates == 0 && this.droppedBatches == 0 && this.droppedTransactions == 0 && this.sketches.droppedFields == 0;
  }

  // At request headers: whether this request is sampled for schema sketches and/or the transaction log.
  // Null (the common case) when it is not. The transaction sample is a hash of x-request-id when there is
  // one, so both proxies of a call agree; otherwise an even spread by credit.
  startSample(host: string, method: string, template: string, requestId: string, contentTypePtr: usize, contentTypeLength: i32): StreamSample | null {
    const sketch = this.sketches.shouldSample(host, method, template);
    let transaction = false;
    const rate = this.config.sampleRate;
    if (rate > 0) {
      if (requestId.length > 0) transaction = <f64>fnv1a(requestId) < rate * 4294967296.0;
      else { this.sampleCredit += rate; if (this.sampleCredit >= 1) { this.sampleCredit -= 1; transaction = true; } }
    }
    if (!sketch && !transaction) return null;
    const s = new StreamSample();
    s.sketch = sketch;
    s.transaction = transaction;
    s.maxBytes = <i32>this.config.schemaMaxBytes;
    const contentType = contentTypeLength > 0 ? String.UTF8.decodeUnsafe(contentTypePtr, <usize>contentTypeLength) : "";
    s.requestContentType = contentType;
    s.requestJson = isJsonContentType(contentType);
    return s;
  }

  // At the end of a sampled request (on_log), with its record filled: fold the captured bodies into the
  // sketches and write the transaction entry. Blocked requests are not sketched (their bodies are what we
  // refused, not the API's shape, and their response is our own reply).
  finishSample(s: StreamSample, r: RequestRecord, requestId: string, findings: SecurityEvent[] | null, ruleEvent: SecurityEvent | null): void {
    if (s.sketch && !r.blocked) {
      const destination = r.destination;
      if (s.request.length > 0) this.sketches.fold(destination, r.host, r.method, r.template, false, 0, s.requestContentType, s.request.ptr, s.request.length);
      if (s.response.length > 0) this.sketches.fold(destination, r.host, r.method, r.template, true, r.status, s.responseContentType, s.response.ptr, s.response.length);
    }
    if (!s.transaction) return;
    if (this.transactions.length >= MAX_TRANSACTIONS) {
      // A full log goes out now if the pipe is free; otherwise this entry is dropped and counted.
      if (!this.hasPendingBatch) this.flush(nowMillis());
      if (this.transactions.length >= MAX_TRANSACTIONS) { this.droppedTransactions++; return; }
    }
    const t = new Transaction();
    t.time = nowMillis();
    t.requestId = requestId;
    t.source.copyFrom(r.source);
    t.destination.copyFrom(r.destination);
    t.direction = r.direction;
    t.method = r.method; t.host = r.host; t.template = r.template;
    t.status = r.status; t.latencyMs = r.latencyMs; t.requestBytes = r.requestBytes; t.responseBytes = r.responseBytes;
    t.user = r.user; t.blocked = r.blocked;
    t.requestContentType = s.requestContentType; t.responseContentType = s.responseContentType;
    if (findings !== null) for (let i = 0; i < findings.length; i++) addFinding(t, findings[i]);
    if (ruleEvent !== null) addFinding(t, ruleEvent);
    this.transactions.push(t);
  }


  record(r: RequestRecord): void {
    const sc = statusClass(r.status);
    const key = aggregateKey(r, sc);
    let agg: Aggregate;
    if (this.aggregates.has(key)) {
      agg = this.aggregates.get(key);
    } else {
      if (this.aggregates.size >= MAX_AGGREGATES) { this.droppedAggregates++; return; }
      agg = new Aggregate();
      agg.source.copyFrom(r.source);
      agg.destination.copyFrom(r.destination);
      agg.direction = r.direction;
      agg.method = r.method;
      agg.host = r.host;
      agg.template = r.template;
      agg.statusClass = sc;
      agg.user = r.user;
      this.aggregates.set(key, agg);
    }
    agg.count++;
    if (r.blocked) agg.blocked++;
    agg.latencySum += r.latencyMs;
    if (r.latencyMs > agg.latencyMax) agg.latencyMax = r.latencyMs;
    agg.requestBytes += r.requestBytes;
    agg.responseBytes += r.responseBytes;
    for (let i = 0; i < PII_TYPES.length; i++) {
      agg.piiRequest[i] += r.piiRequest[i];
      agg.piiResponse[i] += r.piiResponse[i];
    }
    if (r.clientIp.length > 0) {
      const idx = agg.clientIps.indexOf(r.clientIp);
      if (idx >= 0) agg.clientCounts[idx]++;
      else if (agg.clientIps.length < MAX_CLIENTS_PER_AGGREGATE) { agg.clientIps.push(r.clientIp); agg.clientCounts.push(1); }
    }
  }

  addEvent(e: SecurityEvent): void {
    if (<u32>this.events.length >= this.config.maxBatchEvents) {
      // A full batch goes out now if the pipe is free; otherwise this event is dropped and counted.
      if (!this.hasPendingBatch) this.flush(nowMillis());
      if (<u32>this.events.length >= this.config.maxBatchEvents) { this.droppedEvents++; return; }
    }
    this.events.push(e);
  }

  // Called on every root tick.
  onTick(): void {
    const now = nowMillis();
    if (this.inFlight) return;
    if (this.pending.length > 0) {
      if (now >= this.retryAt) this.send();
      return;
    }
    if (now - this.windowStart >= <u64>this.config.flushIntervalMs) this.flush(now);
  }

  // Serializes the current window into a batch and sends it. Returns false if nothing was sent.
  flush(now: u64): bool {
    if (this.hasPendingBatch) return false;
    if (this.isEmpty) { this.windowStart = now; return false; }
    this.serialize(now);
    this.aggregates.clear();
    this.events.length = 0;
    this.transactions.length = 0;
    this.sketches.clear();
    this.droppedTransactions = 0;
    this.droppedEvents = 0;
    this.droppedAggregates = 0;
    this.droppedBatches = 0;
    this.windowStart = now;
    this.attempts = 0;
    this.send();
    return true;
  }

  private send(): void {
    this.attempts++;
    const token = httpCall(this.rootId, 0, this.cluster, this.headers, this.pending.ptr, <usize>this.pending.length, null, this.config.timeoutMs, this);
    if (token == 0) {
      if (logEnabled(LogLevel.Warn)) log(LogLevel.Warn, "l7guard telemetry: http_call to cluster '" + this.config.cluster + "' refused (status " + (<i32>lastHttpCallResult()).toString() + ")");
      this.onFailure();
      return;
    }
    this.inFlight = true;
  }

  onHttpCallResponse(token: u32, numHeaders: u32, bodySize: u32, numTrailers: u32): void {
    this.inFlight = false;
    let status: i32 = 0;
    if (numHeaders > 0) {
      const value = new HostBytes();
      if (getHeaderValue(MapType.HttpCallResponseHeaders, STATUS, value)) status = I32.parseInt(value.toString());
      value.release();
    } else {
      const message = new HostBytes();
      getCallStatus(message);
      message.release();
    }
    if (status >= 200 && status < 300) {
      this.delivered++;
      this.pending.reset();
      this.attempts = 0;
    } else {
      if (logEnabled(LogLevel.Warn)) log(LogLevel.Warn, "l7guard telemetry: batch rejected or undelivered (status " + status.toString() + ")");
      // 4xx other than 408/429 will not get better by retrying the same bytes.
      if (status >= 400 && status < 500 && status != 408 && status != 429) this.attempts = MAX_ATTEMPTS;
      this.onFailure();
    }
    const finishing = this.finishing;
    if (finishing !== null) {
      // Shutting down. The window recorded while this batch was in flight has not been sent yet (flush waits
      // for a free pipe): send it now and finish when it is answered, or it would be lost at every shutdown
      // that overlaps a delivery.
      if (!this.hasPendingBatch && this.flush(nowMillis()) && this.hasPendingBatch) return;
      if (!this.hasPendingBatch || this.attempts > 0) {
        // No retries while shutting down; the root context may go now.
        this.finishing = null;
        finishing.done();
      }
    }
  }

  private onFailure(): void {
    this.failures++;
    if (this.attempts >= MAX_ATTEMPTS) {
      this.droppedBatches++;
      this.pending.reset();
      this.attempts = 0;
      return;
    }
    let backoff: u64 = 1000;
    for (let i = 1; i < this.attempts; i++) backoff *= 2;
    if (backoff > MAX_BACKOFF_MS) backoff = MAX_BACKOFF_MS;
    this.retryAt = nowMillis() + backoff;
  }

  private serialize(now: u64): void {
    const w = this.pending;
    w.reset();
    this.sequence++;
    w.raw("{").key("schemaVersion").raw("1,").key("batchId").string(this.batchPrefix + this.sequence.toString()).raw(",");
    w.key("reporter"); writeWorkload(w, this.reporter); w.raw(",");
    w.key("policyVersion").int(this.policyVersion).raw(",");
    w.key("windowStart").int(<i64>this.windowStart).raw(",").key("windowEnd").int(<i64>now).raw(",");
    w.key("dropped").raw("{").key("events").int(this.droppedEvents).raw(",").key("aggregates").int(this.droppedAggregates)
      .raw(",").key("batches").int(this.droppedBatches).raw(",").key("schemaFields").int(this.sketches.droppedFields)
      .raw(",").key("transactions").int(this.droppedTransactions).raw("},");
    w.key("aggregates").raw("[");
    const values = this.aggregates.values();
    for (let i = 0; i < values.length; i++) { writeAggregate(w, values[i]); w.raw(","); }
    w.trimComma().raw("],");
    w.key("events").raw("[");
    for (let i = 0; i < this.events.length; i++) { writeEvent(w, this.events[i]); w.raw(","); }
    w.trimComma().raw("]");
    if (this.sketches.size > 0) { w.raw(",").key("schemas"); this.sketches.write(w); }
    if (this.transactions.length > 0) {
      w.raw(",").key("transactions").raw("[");
      for (let i = 0; i < this.transactions.length; i++) { writeTransaction(w, this.transactions[i]); w.raw(","); }
      w.trimComma().raw("]");
    }
    w.raw("}");
  }
}

function writeWorkload(w: JsonWriter, x: Workload): void { writeWorkloadJson(w, x); }

function writeEndpoint(w: JsonWriter, host: string, method: string, template: string): void {
  w.raw("{");
  if (host.length > 0) w.key("host").string(host).raw(",");
  w.key("method").string(method).raw(",").key("pathTemplate").string(template).raw("}");
}

function writePii(w: JsonWriter, counts: StaticArray<u32>): bool {
  let any = false;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) { any = true; break; }
  if (!any) return false;
  w.raw("{");
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) w.key(PII_TYPES[i]).int(<i64>counts[i]).raw(",");
  w.trimComma().raw("}");
  return true;
}

function writeAggregate(w: JsonWriter, a: Aggregate): void {
  w.raw("{").key("source"); writeWorkload(w, a.source);
  w.raw(",").key("destination"); writeWorkload(w, a.destination);
  w.raw(",").key("direction").raw(a.direction == Direction.Outbound ? "\"outbound\"" : "\"inbound\"");
  w.raw(",").key("protocol").raw("\"http\"");
  w.raw(",").key("endpoint"); writeEndpoint(w, a.host, a.method, a.template);
  w.raw(",").key("statusClass").string(a.statusClass);
  if (a.user.length > 0) w.raw(",").key("user").string(a.user);
  w.raw(",").key("count").int(a.count);
  w.raw(",").key("blocked").int(a.blocked);
  w.raw(",").key("latencyMsSum").number(a.latencySum);
  w.raw(",").key("latencyMsMax").number(a.latencyMax);
  w.raw(",").key("requestBytes").int(a.requestBytes);
  w.raw(",").key("responseBytes").int(a.responseBytes);
  const mark = w.length;
  w.raw(",").key("pii").raw("{");
  const inner = w.length;
  w.key("request");
  if (writePii(w, a.piiRequest)) w.raw(","); else w.length = inner;
  const beforeResponse = w.length;
  w.key("response");
  if (!writePii(w, a.piiResponse)) w.length = beforeResponse;
  w.trimComma();
  if (w.length == inner) w.length = mark; else w.raw("}");
  if (a.clientIps.length > 0) {
    w.raw(",").key("clients").raw("[");
    for (let i = 0; i < a.clientIps.length; i++) {
      w.raw("{").key("ip").string(a.clientIps[i]).raw(",").key("count").int(a.clientCounts[i]).raw("},");
    }
    w.trimComma().raw("]");
  }
  w.raw("}");
}

function writeEvent(w: JsonWriter, e: SecurityEvent): void {
  w.raw("{").key("time").int(<i64>e.time);
  if (e.requestId.length > 0) w.raw(",").key("requestId").string(e.requestId);
  w.raw(",").key("category").string(e.category).raw(",").key("type").string(e.type);
  w.raw(",").key("action").string(e.action).raw(",").key("direction").string(e.direction);
  if (e.location.length > 0) w.raw(",").key("location").string(e.location);
  if (e.evidence.length > 0) w.raw(",").key("evidence").string(e.evidence);
  if (e.source.known) { w.raw(",").key("source"); writeWorkload(w, e.source); }
  if (e.destination.known) { w.raw(",").key("destination"); writeWorkload(w, e.destination); }
  if (e.method.length > 0) { w.raw(",").key("endpoint"); writeEndpoint(w, e.host, e.method, e.template.length > 0 ? e.template : "/"); }
  if (e.user.length > 0) w.raw(",").key("user").string(e.user);
  if (e.clientIp.length > 0) w.raw(",").key("clientIp").string(e.clientIp);
  if (e.status > 0) w.raw(",").key("status").int(e.status);
  w.raw("}");
}

function addFinding(t: Transaction, e: SecurityEvent): void {
  if (!t.findings.includes(e.type) && t.findings.length < 64) t.findings.push(e.type);
  if (e.location.length > 0 && t.fieldPaths.length < MAX_TRANSACTION_FIELDS) {
    t.fieldPaths.push(e.location.length > 512 ? e.location.substring(0, 512) : e.location);
    t.fieldTypes.push(e.type);
    t.fieldActions.push(e.action);
  }
}

function writeTransaction(w: JsonWriter, t: Transaction): void {
  w.raw("{").key("time").int(<i64>t.time);
  if (t.requestId.length > 0) w.raw(",").key("requestId").string(t.requestId);
  if (t.source.known || t.source.external) { w.raw(",").key("source"); writeWorkload(w, t.source); }
  if (t.destination.known) { w.raw(",").key("destination"); writeWorkload(w, t.destination); }
  w.raw(",").key("direction").raw(t.direction == Direction.Outbound ? "\"outbound\"" : "\"inbound\"");
  w.raw(",").key("endpoint"); writeEndpoint(w, t.host, t.method, t.template.length > 0 ? t.template : "/");
  if (t.status > 0) w.raw(",").key("status").int(t.status);
  w.raw(",").key("latencyMs").number(t.latencyMs);
  w.raw(",").key("requestBytes").int(t.requestBytes);
  w.raw(",").key("responseBytes").int(t.responseBytes);
  if (t.user.length > 0) w.raw(",").key("user").string(t.user);
  if (t.blocked) w.raw(",").key("blocked").raw("true");
  if (t.requestContentType.length > 0) w.raw(",").key("requestContentType").string(clip(t.requestContentType, 128));
  if (t.responseContentType.length > 0) w.raw(",").key("responseContentType").string(clip(t.responseContentType, 128));
  w.raw(",").key("findings").raw("[");
  for (let i = 0; i < t.findings.length; i++) { w.string(clip(t.findings[i], 64)).raw(","); }
  w.trimComma().raw("]");
  if (t.fieldPaths.length > 0) {
    w.raw(",").key("fields").raw("[");
    for (let i = 0; i < t.fieldPaths.length; i++) {
      w.raw("{").key("path").string(t.fieldPaths[i]).raw(",").key("finding").string(clip(t.fieldTypes[i], 64)).raw(",").key("action").string(t.fieldActions[i]).raw("},");
    }
    w.trimComma().raw("]");
  }
  w.raw("}");
}

function clip(s: string, n: i32): string { return s.length > n ? s.substring(0, n) : s; }

// FNV-1a over the UTF-16 code units: a stable, well-spread 32-bit hash of the request id.
function fnv1a(s: string): u32 {
  let h: u32 = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= <u32>s.charCodeAt(i); h *= 16777619; }
  return h;
}
