// The filter configuration (schemas/filter-config.schema.json, schemaVersion 1) as plain structs.
// Parsed once in onConfigure; the request path only reads these fields. Validation follows the schema,
// including "unknown fields are errors", and reports the first bad field by its path (e.g.
// `rules[0].match.methods[1]`), which the root context logs when it rejects the configuration.
import { Utf8 } from "../runtime";
import { JsonKind, JsonParser, JsonValue } from "./json";

export const enum Mode { Monitor = 0, Enforce = 1 }
export const enum Action { Allow = 0, Alert = 1, Redact = 2, Block = 3 }
export const enum RedactionStyle { Partial = 0, Full = 1, Hash = 2 }

// Finding classes, in the schema's order; actions are kept in flat arrays indexed by these.
export const PII_TYPES: string[] = ["card", "ssn", "iban", "email", "phone", "ipv4", "ipv6", "jwt", "secret", "password", "dob"];
export const ATTACK_CLASSES: string[] = ["sqli", "xss", "traversal", "rfi", "cmdi", "ssrf", "xxe", "jndi", "ssti", "protocol", "malware", "exfiltration", "limits", "graphql", "prototype_pollution", "session_fixation", "scanner"];
// Upload kinds a policy may allow (uploads.allowedTypes): the file kinds by their index (upload.ts FileKind;
// "text" is index 0, files without a recognised signature), then "archive" for every archive kind, and "json" and
// "csv" for text.
export const UPLOAD_TYPE_NAMES: string[] = ["text", "pe", "elf", "macho", "script", "zip", "gzip", "rar", "7z", "pdf", "image", "eicar", "java-class", "ole",
  "dex", "wasm", "lnk", "chm", "rtf", "bzip2", "xz", "zstd", "cab", "tar", "archive", "json", "csv"];
const UPLOAD_ARCHIVE_NAME = 24; // the index of "archive": the names after it are text's
// zip gzip rar 7z bzip2 xz zstd cab tar
const ARCHIVE_KINDS: u32 = (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 19) | (1 << 20) | (1 << 21) | (1 << 22) | (1 << 23);
const ACTION_NAMES: string[] = ["allow", "alert", "redact", "block"];

export class Rule {
  id: string = "";
  action: Action = Action.Block;
  methods: Utf8[] = [];
  pathPrefix: Utf8 | null = null;
  headerName: Utf8 | null = null;
  headerEquals: Utf8 | null = null;
  headerContains: Utf8 | null = null;
  bodyContains: Utf8 | null = null;
}

export class CollectorConfig {
  enabled: bool = false;
  cluster: string = "";
  authority: string = "l7guard-manager";
  path: string = "/api/v1/ingest";
  token: string = "";
  flushIntervalMs: u32 = 5000;
  maxBatchEvents: u32 = 500;
  timeoutMs: u32 = 2000;
  sampleRate: f64 = 0;
  // Schema sketches: per endpoint and window the first schemaSamplesPerWindow requests, then one in
  // schemaSampleEvery (0: none after the first); the first schemaMaxBytes of each JSON body.
  schemaSamplesPerWindow: u32 = 3;
  schemaSampleEvery: u32 = 20;
  schemaMaxBytes: u32 = 16384;
  schemaMaxFields: u32 = 64;
  schemaMaxDepth: u32 = 8;
}

export class FilterConfig {
  policyVersion: i64 = 0;
  mode: Mode = Mode.Monitor;
  allowOnHeadersStopIteration: bool = false;
  maxBodyBytes: u32 = 1048576;
  maxDepth: u32 = 64;
  maxFields: u32 = 10000;
  rejectOverLimit: bool = false;
  // Carry-over window of a body inspected as it streams: the most held back at a chunk's end.
  streamWindowBytes: u32 = 65536;
  blockCompressed: bool = false; // limits.compressed: a response to inspect that still arrives compressed, or a request body sent compressed, is blocked, not passed
  defaultRequestAction: Action = Action.Alert;
  defaultResponseAction: Action = Action.Alert;
  // [class * 2 + 0] = request action, [class * 2 + 1] = response action
  piiActions: StaticArray<u8> = new StaticArray<u8>(PII_TYPES.length * 2);
  attackActions: StaticArray<u8> = new StaticArray<u8>(ATTACK_CLASSES.length * 2);
  redactionStyle: RedactionStyle = RedactionStyle.Partial;
  hashKey: string = "";
  // The first 16 bytes of hashKey: the SipHash key of hash-style redaction.
  hashKeyBytes: ArrayBuffer = new ArrayBuffer(16);
  rules: Rule[] = [];
  rulesNeedBody: bool = false;
  allowedUploadTypes: string[] = [];
  // Bitmask of FileKind values allowed by uploads.allowedTypes (0: any non-executable), and per-route ones.
  allowedFileKinds: u32 = 0;
  uploadRoutes: UploadRoute[] = [];
  maxPiiRecords: u32 = 0;
  maxGraphqlDepth: u32 = 12;
  maxGraphqlAliases: u32 = 50;
  allowGraphqlIntrospection: bool = false;
  userHeader: string = "";
  // Claim of the verified JWT (Istio RequestAuthentication, dynamic metadata istio_authn) naming the end
  // user; empty: do not look.
  userClaim: string = "sub";
  trustedXffHops: u32 = 0;
  collector: CollectorConfig = new CollectorConfig();

  // Effective action in this mode: monitor turns block and redact into alert.
  effective(action: Action): Action {
    if (this.mode == Mode.Monitor && (action == Action.Block || action == Action.Redact)) return Action.Alert;
    return action;
  }
}

// uploads.routes[i]: requests whose path starts with `pathPrefix` (and whose method is listed, when
// methods are given) may upload only `allowedTypes`.
export class UploadRoute {
  pathPrefix: string = "/";
  methods: string[] = [];
  allowedFileKinds: u32 = 0;
}

// Bitmask of FileKind values for allowed-type names (see UPLOAD_TYPE_NAMES); -1 names an unknown one.
function fileKindsMask(r: Reader, t: JsonValue, path: string): i64 {
  if (t.kind != JsonKind.Array) { r.fail(path, "must be an array"); return -1; }
  let mask: u32 = 0;
  for (let i = 0; i < t.items.length; i++) {
    if (!r.string(t.items[i], index(path, i), 1, 64)) return -1;
    const k = UPLOAD_TYPE_NAMES.indexOf(t.items[i].str);
    if (k < 0) { r.fail(index(path, i), "unknown upload type '" + t.items[i].str + "' (one of " + UPLOAD_TYPE_NAMES.join(", ") + ")"); return -1; }
    if (k == UPLOAD_ARCHIVE_NAME) mask |= ARCHIVE_KINDS;
    else if (k > UPLOAD_ARCHIVE_NAME) mask |= 1;
    else mask |= 1 << <u32>k;
  }
  return <i64>mask;
}

// Result of parsing: `config` on success, otherwise `error` names the field and the problem.
export class ConfigResult {
  config: FilterConfig | null = null;
  error: string = "";
}

class Reader {
  error: string = "";

  fail(path: string, message: string): bool {
    if (this.error.length == 0) this.error = (path.length > 0 ? path : "(root)") + ": " + message;
    return false;
  }

  // Checks `v` is an object whose keys are all in `allowed`.
  object(v: JsonValue, path: string, allowed: string[]): bool {
    if (v.kind != JsonKind.Object) return this.fail(path, "must be an object, got " + v.kindName());
    for (let i = 0; i < v.keys.length; i++) {
      if (!allowed.includes(v.keys[i])) return this.fail(join(path, v.keys[i]), "unknown field");
    }
    return true;
  }

  integer(v: JsonValue, path: string, min: f64, max: f64): bool {
    if (v.kind != JsonKind.Number || !v.isInteger) return this.fail(path, "must be an integer, got " + v.kindName());
    // (The bounds are whole numbers: printed as such, "between 1 and 1000000", not f64's "1.0".)
    if (v.number < min || v.number > max) return this.fail(path, "must be between " + (<i64>min).toString() + " and " + (<i64>max).toString() + ", got " + (Math.abs(v.number) < 9e15 ? (<i64>v.number).toString() : v.number.toString()));
    return true;
  }

  string(v: JsonValue, path: string, minLength: i32, maxLength: i32): bool {
    if (v.kind != JsonKind.String) return this.fail(path, "must be a string, got " + v.kindName());
    if (v.str.length < minLength) return this.fail(path, "must have at least " + minLength.toString() + " characters");
    if (v.str.length > maxLength) return this.fail(path, "must have at most " + maxLength.toString() + " characters");
    return true;
  }

  oneOf(v: JsonValue, path: string, choices: string[]): i32 {
    if (v.kind != JsonKind.String) { this.fail(path, "must be a string, got " + v.kindName()); return -1; }
    const i = choices.indexOf(v.str);
    if (i < 0) this.fail(path, "must be one of " + choices.join(", ") + "; got '" + v.str + "'");
    return i;
  }

  boolean(v: JsonValue, path: string): bool {
    if (v.kind != JsonKind.Bool) return this.fail(path, "must be a boolean, got " + v.kindName());
    return true;
  }
}

function join(path: string, key: string): string { return path.length == 0 ? key : path + "." + key; }
function index(path: string, i: i32): string { return path + "[" + i.toString() + "]"; }

export function parseFilterConfig(ptr: usize, length: usize): ConfigResult {
  const result = new ConfigResult();
  const cfg = new FilterConfig();
  for (let i = 0; i < cfg.piiActions.length; i++) cfg.piiActions[i] = 0xff;      // 0xff = use default
  for (let i = 0; i < cfg.attackActions.length; i++) cfg.attackActions[i] = 0xff;
  if (length == 0) { result.error = "(root): configuration is empty; expected a JSON object with schemaVersion"; return result; }
  const parser = new JsonParser();
  const root = parser.parse(ptr, length);
  if (root === null) { result.error = "(root): invalid JSON: " + parser.error; return result; }
  const r = new Reader();
  if (readRoot(r, root, cfg)) { resolveDefaultActions(cfg); result.config = cfg; }
  else result.error = r.error;
  return result;
}

function readRoot(r: Reader, v: JsonValue, cfg: FilterConfig): bool {
  if (!r.object(v, "", ["schemaVersion", "policyVersion", "mode", "proxy", "limits", "actions", "redaction", "rules", "uploads", "graphql", "identity", "collector"])) return false;
  const version = v.get("schemaVersion");
  if (version === null) return r.fail("schemaVersion", "is required");
  if (version.kind != JsonKind.Number || version.number != 1) return r.fail("schemaVersion", "must be 1 (this filter reads schema version 1)");
  let f = v.get("policyVersion");
  if (f !== null) { if (!r.integer(f, "policyVersion", 0, 9007199254740991)) return false; cfg.policyVersion = <i64>f.number; }
  f = v.get("mode");
  if (f !== null) { const m = r.oneOf(f, "mode", ["monitor", "enforce"]); if (m < 0) return false; cfg.mode = <Mode>m; }
  f = v.get("proxy");
  if (f !== null) {
    if (!r.object(f, "proxy", ["allowOnHeadersStopIteration"])) return false;
    const a = f.get("allowOnHeadersStopIteration");
    if (a !== null) { if (!r.boolean(a, "proxy.allowOnHeadersStopIteration")) return false; cfg.allowOnHeadersStopIteration = a.bool; }
  }
  f = v.get("limits");
  if (f !== null && !readLimits(r, f, cfg)) return false;
  f = v.get("actions");
  if (f !== null && !readActions(r, f, cfg)) return false;
  f = v.get("redaction");
  if (f !== null && !readRedaction(r, f, cfg)) return false;
  f = v.get("rules");
  if (f !== null && !readRules(r, f, cfg)) return false;
  f = v.get("uploads");
  if (f !== null) {
    if (!r.object(f, "uploads", ["allowedTypes", "routes"])) return false;
    const t = f.get("allowedTypes");
    if (t !== null) {
      const mask = fileKindsMask(r, t, "uploads.allowedTypes");
      if (mask < 0) return false;
      cfg.allowedFileKinds = <u32>mask;
      for (let i = 0; i < t.items.length; i++) cfg.allowedUploadTypes.push(t.items[i].str);
    }
    const routes = f.get("routes");
    if (routes !== null) {
      if (routes.kind != JsonKind.Array) return r.fail("uploads.routes", "must be an array");
      for (let i = 0; i < routes.items.length; i++) {
        const at = index("uploads.routes", i);
        const e = routes.items[i];
        if (!r.object(e, at, ["pathPrefix", "methods", "allowedTypes"])) return false;
        const route = new UploadRoute();
        const prefix = e.get("pathPrefix");
        if (prefix === null) return r.fail(at + ".pathPrefix", "is required");
        if (!r.string(prefix, at + ".pathPrefix", 1, 1024)) return false;
        if (!prefix.str.startsWith("/")) return r.fail(at + ".pathPrefix", "must start with '/'");
        route.pathPrefix = prefix.str;
        const methods = e.get("methods");
        if (methods !== null) {
          if (methods.kind != JsonKind.Array) return r.fail(at + ".methods", "must be an array");
          for (let k = 0; k < methods.items.length; k++) { if (!r.string(methods.items[k], index(at + ".methods", k), 1, 32)) return false; route.methods.push(methods.items[k].str.toUpperCase()); }
        }
        const types = e.get("allowedTypes");
        if (types === null) return r.fail(at + ".allowedTypes", "is required");
        const mask = fileKindsMask(r, types, at + ".allowedTypes");
        if (mask < 0) return false;
        route.allowedFileKinds = <u32>mask;
        cfg.uploadRoutes.push(route);
      }
    }
  }
  f = v.get("graphql");
  if (f !== null) {
    if (!r.object(f, "graphql", ["maxDepth", "maxAliases", "allowIntrospection"])) return false;
    const d = f.get("maxDepth");
    if (d !== null) { if (!r.integer(d, "graphql.maxDepth", 1, 1000)) return false; cfg.maxGraphqlDepth = <u32>d.number; }
    const a = f.get("maxAliases");
    if (a !== null) { if (!r.integer(a, "graphql.maxAliases", 0, 100000)) return false; cfg.maxGraphqlAliases = <u32>a.number; }
    const intro = f.get("allowIntrospection");
    if (intro !== null) { if (!r.boolean(intro, "graphql.allowIntrospection")) return false; cfg.allowGraphqlIntrospection = intro.bool; }
  }
  f = v.get("identity");
  if (f !== null) {
    if (!r.object(f, "identity", ["userHeader", "userClaim", "trustedXffHops"])) return false;
    const claim = f.get("userClaim");
    if (claim !== null) { if (!r.string(claim, "identity.userClaim", 0, 256)) return false; cfg.userClaim = claim.str; }
    const h = f.get("userHeader");
    if (h !== null) { if (!r.string(h, "identity.userHeader", 0, 256)) return false; cfg.userHeader = h.str.toLowerCase(); }
    const hops = f.get("trustedXffHops");
    if (hops !== null) { if (!r.integer(hops, "identity.trustedXffHops", 0, 32)) return false; cfg.trustedXffHops = <u32>hops.number; }
  }
  f = v.get("collector");
  if (f !== null && !readCollector(r, f, cfg.collector)) return false;
  return true;
}

function readLimits(r: Reader, v: JsonValue, cfg: FilterConfig): bool {
  if (!r.object(v, "limits", ["maxBodyBytes", "maxDepth", "maxFields", "overLimit", "maxPiiRecords", "streamWindowBytes", "compressed"])) return false;
  let f = v.get("maxBodyBytes");
  if (f !== null) { if (!r.integer(f, "limits.maxBodyBytes", 0, 67108864)) return false; cfg.maxBodyBytes = <u32>f.number; }
  f = v.get("maxDepth");
  if (f !== null) { if (!r.integer(f, "limits.maxDepth", 1, 4096)) return false; cfg.maxDepth = <u32>f.number; }
  f = v.get("maxFields");
  if (f !== null) { if (!r.integer(f, "limits.maxFields", 1, 1000000)) return false; cfg.maxFields = <u32>f.number; }
  f = v.get("maxPiiRecords");
  if (f !== null) { if (!r.integer(f, "limits.maxPiiRecords", 0, 100000000)) return false; cfg.maxPiiRecords = <u32>f.number; }
  f = v.get("streamWindowBytes");
  if (f !== null) { if (!r.integer(f, "limits.streamWindowBytes", 1024, 4194304)) return false; cfg.streamWindowBytes = <u32>f.number; }
  f = v.get("overLimit");
  if (f !== null) { const o = r.oneOf(f, "limits.overLimit", ["inspectPrefix", "reject"]); if (o < 0) return false; cfg.rejectOverLimit = o == 1; }
  f = v.get("compressed");
  if (f !== null) { const o = r.oneOf(f, "limits.compressed", ["pass", "block"]); if (o < 0) return false; cfg.blockCompressed = o == 1; }
  return true;
}

// Reads {request?, response?} into two action codes (0xff where absent).
function readDirectionActions(r: Reader, v: JsonValue, path: string, out: StaticArray<u8>, offset: i32): bool {
  if (!r.object(v, path, ["request", "response"])) return false;
  const req = v.get("request");
  if (req !== null) { const a = r.oneOf(req, join(path, "request"), ACTION_NAMES); if (a < 0) return false; out[offset] = <u8>a; }
  const resp = v.get("response");
  if (resp !== null) { const a = r.oneOf(resp, join(path, "response"), ACTION_NAMES); if (a < 0) return false; out[offset + 1] = <u8>a; }
  return true;
}

function readActions(r: Reader, v: JsonValue, cfg: FilterConfig): bool {
  if (!r.object(v, "actions", ["default", "pii", "attacks"])) return false;
  const d = v.get("default");
  if (d !== null) {
    const pair = new StaticArray<u8>(2);
    pair[0] = <u8>cfg.defaultRequestAction;
    pair[1] = <u8>cfg.defaultResponseAction;
    if (!readDirectionActions(r, d, "actions.default", pair, 0)) return false;
    cfg.defaultRequestAction = <Action>pair[0];
    cfg.defaultResponseAction = <Action>pair[1];
  }
  const pii = v.get("pii");
  if (pii !== null) {
    if (!r.object(pii, "actions.pii", PII_TYPES)) return false;
    for (let i = 0; i < pii.keys.length; i++) {
      const t = PII_TYPES.indexOf(pii.keys[i]);
      if (!readDirectionActions(r, pii.values[i], "actions.pii." + pii.keys[i], cfg.piiActions, t * 2)) return false;
    }
  }
  const attacks = v.get("attacks");
  if (attacks !== null) {
    if (!r.object(attacks, "actions.attacks", ATTACK_CLASSES)) return false;
    for (let i = 0; i < attacks.keys.length; i++) {
      const c = ATTACK_CLASSES.indexOf(attacks.keys[i]);
      if (!readDirectionActions(r, attacks.values[i], "actions.attacks." + attacks.keys[i], cfg.attackActions, c * 2)) return false;
    }
  }
  return true;
}

// Resolves unlisted classes to the default actions, so the request path reads one byte per lookup.
// Runs whether or not the config has an `actions` section.
function resolveDefaultActions(cfg: FilterConfig): void {
  for (let i = 0; i < cfg.piiActions.length; i += 2) {
    if (cfg.piiActions[i] == 0xff) cfg.piiActions[i] = <u8>cfg.defaultRequestAction;
    if (cfg.piiActions[i + 1] == 0xff) cfg.piiActions[i + 1] = <u8>cfg.defaultResponseAction;
  }
  for (let i = 0; i < cfg.attackActions.length; i += 2) {
    if (cfg.attackActions[i] == 0xff) cfg.attackActions[i] = <u8>cfg.defaultRequestAction;
    if (cfg.attackActions[i + 1] == 0xff) cfg.attackActions[i + 1] = <u8>cfg.defaultResponseAction;
  }
}

function readRedaction(r: Reader, v: JsonValue, cfg: FilterConfig): bool {
  if (!r.object(v, "redaction", ["style", "hashKey"])) return false;
  const s = v.get("style");
  if (s !== null) { const i = r.oneOf(s, "redaction.style", ["partial", "full", "hash"]); if (i < 0) return false; cfg.redactionStyle = <RedactionStyle>i; }
  const k = v.get("hashKey");
  if (k !== null) { if (!r.string(k, "redaction.hashKey", 16, 4096)) return false; cfg.hashKey = k.str; const kb = String.UTF8.encode(k.str); memory.copy(changetype<usize>(cfg.hashKeyBytes), changetype<usize>(kb), 16); }
  if (cfg.redactionStyle == RedactionStyle.Hash && cfg.hashKey.length == 0) return r.fail("redaction.hashKey", "is required when style is 'hash'");
  return true;
}

function readRules(r: Reader, v: JsonValue, cfg: FilterConfig): bool {
  if (v.kind != JsonKind.Array) return r.fail("rules", "must be an array, got " + v.kindName());
  if (v.items.length > 1024) return r.fail("rules", "must have at most 1024 rules");
  for (let i = 0; i < v.items.length; i++) {
    const path = index("rules", i);
    const item = v.items[i];
    if (!r.object(item, path, ["id", "action", "match"])) return false;
    const rule = new Rule();
    const id = item.get("id");
    if (id === null) return r.fail(join(path, "id"), "is required");
    if (!r.string(id, join(path, "id"), 1, 128)) return false;
    if (!isRuleId(id.str)) return r.fail(join(path, "id"), "may contain only letters, digits and . _ : -");
    for (let j = 0; j < cfg.rules.length; j++) if (cfg.rules[j].id == id.str) return r.fail(join(path, "id"), "duplicate rule id '" + id.str + "'");
    rule.id = id.str;
    const action = item.get("action");
    if (action === null) return r.fail(join(path, "action"), "is required");
    const a = r.oneOf(action, join(path, "action"), ["allow", "alert", "block"]);
    if (a < 0) return false;
    rule.action = a == 0 ? Action.Allow : a == 1 ? Action.Alert : Action.Block;
    const match = item.get("match");
    if (match !== null && !readMatch(r, match, join(path, "match"), rule)) return false;
    if (rule.bodyContains !== null) cfg.rulesNeedBody = true;
    cfg.rules.push(rule);
  }
  return true;
}

function readMatch(r: Reader, v: JsonValue, path: string, rule: Rule): bool {
  if (!r.object(v, path, ["methods", "pathPrefix", "header", "bodyContains"])) return false;
  const methods = v.get("methods");
  if (methods !== null) {
    if (methods.kind != JsonKind.Array) return r.fail(join(path, "methods"), "must be an array");
    if (methods.items.length > 16) return r.fail(join(path, "methods"), "must have at most 16 items");
    for (let i = 0; i < methods.items.length; i++) {
      const m = methods.items[i];
      const p = index(join(path, "methods"), i);
      if (!r.string(m, p, 1, 32)) return false;
      if (!isUpperAlpha(m.str)) return r.fail(p, "must be an upper-case HTTP method");
      rule.methods.push(new Utf8(m.str));
    }
  }
  const prefix = v.get("pathPrefix");
  if (prefix !== null) { if (!r.string(prefix, join(path, "pathPrefix"), 0, 2048)) return false; rule.pathPrefix = new Utf8(prefix.str); }
  const header = v.get("header");
  if (header !== null) {
    const hp = join(path, "header");
    if (!r.object(header, hp, ["name", "equals", "contains"])) return false;
    const name = header.get("name");
    if (name === null) return r.fail(join(hp, "name"), "is required");
    if (!r.string(name, join(hp, "name"), 1, 256)) return false;
    rule.headerName = new Utf8(name.str.toLowerCase());
    const eq = header.get("equals");
    if (eq !== null) { if (!r.string(eq, join(hp, "equals"), 0, 4096)) return false; rule.headerEquals = new Utf8(eq.str); }
    const co = header.get("contains");
    if (co !== null) { if (!r.string(co, join(hp, "contains"), 0, 4096)) return false; rule.headerContains = new Utf8(co.str); }
  }
  const body = v.get("bodyContains");
  if (body !== null) { if (!r.string(body, join(path, "bodyContains"), 1, 4096)) return false; rule.bodyContains = new Utf8(body.str); }
  return true;
}

function readCollector(r: Reader, v: JsonValue, c: CollectorConfig): bool {
  if (!r.object(v, "collector", ["cluster", "authority", "path", "token", "flushIntervalMs", "maxBatchEvents", "timeoutMs", "sampleRate", "schemas"])) return false;
  const cluster = v.get("cluster");
  if (cluster === null) return r.fail("collector.cluster", "is required");
  if (!r.string(cluster, "collector.cluster", 1, 512)) return false;
  c.cluster = cluster.str;
  c.enabled = true;
  let f = v.get("authority");
  if (f !== null) { if (!r.string(f, "collector.authority", 0, 512)) return false; c.authority = f.str; }
  f = v.get("path");
  if (f !== null) { if (!r.string(f, "collector.path", 1, 2048)) return false; if (!f.str.startsWith("/")) return r.fail("collector.path", "must start with '/'"); c.path = f.str; }
  f = v.get("token");
  if (f !== null) { if (!r.string(f, "collector.token", 0, 4096)) return false; c.token = f.str; }
  f = v.get("flushIntervalMs");
  if (f !== null) { if (!r.integer(f, "collector.flushIntervalMs", 100, 3600000)) return false; c.flushIntervalMs = <u32>f.number; }
  f = v.get("maxBatchEvents");
  if (f !== null) { if (!r.integer(f, "collector.maxBatchEvents", 1, 100000)) return false; c.maxBatchEvents = <u32>f.number; }
  f = v.get("timeoutMs");
  if (f !== null) { if (!r.integer(f, "collector.timeoutMs", 1, 60000)) return false; c.timeoutMs = <u32>f.number; }
  f = v.get("sampleRate");
  if (f !== null) {
    if (f.kind != JsonKind.Number) return r.fail("collector.sampleRate", "must be a number, got " + f.kindName());
    if (f.number < 0 || f.number > 1) return r.fail("collector.sampleRate", "must be between 0 and 1");
    c.sampleRate = f.number;
  }
  f = v.get("schemas");
  if (f !== null) {
    if (!r.object(f, "collector.schemas", ["samplesPerWindow", "sampleEvery", "maxBytes", "maxFields", "maxDepth"])) return false;
    let g = f.get("samplesPerWindow");
    if (g !== null) { if (!r.integer(g, "collector.schemas.samplesPerWindow", 0, 1000)) return false; c.schemaSamplesPerWindow = <u32>g.number; }
    g = f.get("sampleEvery");
    if (g !== null) { if (!r.integer(g, "collector.schemas.sampleEvery", 0, 1000000)) return false; c.schemaSampleEvery = <u32>g.number; }
    g = f.get("maxBytes");
    if (g !== null) { if (!r.integer(g, "collector.schemas.maxBytes", 0, 1048576)) return false; c.schemaMaxBytes = <u32>g.number; }
    g = f.get("maxFields");
    if (g !== null) { if (!r.integer(g, "collector.schemas.maxFields", 1, 512)) return false; c.schemaMaxFields = <u32>g.number; }
    g = f.get("maxDepth");
    if (g !== null) { if (!r.integer(g, "collector.schemas.maxDepth", 1, 32)) return false; c.schemaMaxDepth = <u32>g.number; }
  }
  return true;
}

function isRuleId(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c == 0x2e || c == 0x5f || c == 0x3a || c == 0x2d;
    if (!ok) return false;
  }
  return true;
}

function isUpperAlpha(s: string): bool {
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c < 0x41 || c > 0x5a) return false; }
  return true;
}
