import { Action, Mode, PII_TYPES, ATTACK_CLASSES, RedactionStyle, parseFilterConfig, ConfigResult } from "../filter-config";

function expectIncludes(actual: string, part: string): void {
  expect(actual.includes(part)).toBe(true, "'" + actual + "' should include '" + part + "'");
}

function parse(json: string): ConfigResult {
  const bytes = String.UTF8.encode(json);
  return parseFilterConfig(changetype<usize>(bytes), <usize>bytes.byteLength);
}

function errorOf(json: string): string {
  const r = parse(json);
  expect(r.config).toBeNull("expected rejection of " + json);
  return r.error;
}

describe("filter config: accepted", () => {
  it("reads a minimal config with defaults", () => {
    const r = parse('{"schemaVersion":1}');
    expect(r.error).toBe("");
    const c = r.config!;
    expect(c.mode).toBe(Mode.Monitor);
    expect(c.maxBodyBytes).toBe(1048576);
    expect(c.rules.length).toBe(0);
    expect(c.allowOnHeadersStopIteration).toBe(false);
    expect(c.collector.enabled).toBe(false);
  });

  it("reads every section", () => {
    const r = parse(`{
      "schemaVersion": 1, "policyVersion": 42, "mode": "enforce",
      "proxy": {"allowOnHeadersStopIteration": true},
      "limits": {"maxBodyBytes": 65536, "maxDepth": 32, "maxFields": 500, "overLimit": "reject"},
      "actions": {"default": {"request": "alert", "response": "allow"},
                  "pii": {"card": {"response": "redact"}, "ssn": {"request": "block"}},
                  "attacks": {"sqli": {"request": "block"}}},
      "redaction": {"style": "hash", "hashKey": "0123456789abcdef"},
      "rules": [{"id": "r1", "action": "block", "match": {"methods": ["POST", "PUT"], "pathPrefix": "/admin",
                 "header": {"name": "X-Debug", "equals": "1"}, "bodyContains": "DROP"}}],
      "uploads": {"allowedTypes": ["image", "pdf"]},
      "identity": {"userHeader": "X-User", "userClaim": "email", "trustedXffHops": 2},
      "collector": {"cluster": "outbound|8080||mgr", "token": "t", "flushIntervalMs": 1000, "sampleRate": 0.5,
                    "schemas": {"samplesPerWindow": 5, "sampleEvery": 10, "maxBytes": 4096, "maxFields": 100, "maxDepth": 6}}
    }`);
    expect(r.error).toBe("");
    const c = r.config!;
    expect(c.policyVersion).toBe(42);
    expect(c.mode).toBe(Mode.Enforce);
    expect(c.allowOnHeadersStopIteration).toBe(true);
    expect(c.maxBodyBytes).toBe(65536);
    expect(c.rejectOverLimit).toBe(true);
    const card = PII_TYPES.indexOf("card");
    const ssn = PII_TYPES.indexOf("ssn");
    expect(c.piiActions[card * 2]).toBe(<u8>Action.Alert, "card request falls back to the default");
    expect(c.piiActions[card * 2 + 1]).toBe(<u8>Action.Redact);
    expect(c.piiActions[ssn * 2]).toBe(<u8>Action.Block);
    expect(c.piiActions[ssn * 2 + 1]).toBe(<u8>Action.Allow);
    const sqli = ATTACK_CLASSES.indexOf("sqli");
    expect(c.attackActions[sqli * 2]).toBe(<u8>Action.Block);
    expect(c.redactionStyle).toBe(RedactionStyle.Hash);
    expect(c.rules.length).toBe(1);
    expect(c.rules[0].methods.length).toBe(2);
    expect(c.rules[0].headerName!.text).toBe("x-debug", "header names are lower-cased");
    expect(c.rulesNeedBody).toBe(true);
    expect(c.userHeader).toBe("x-user");
    expect(c.trustedXffHops).toBe(2);
    expect(c.collector.enabled).toBe(true);
    expect(c.collector.flushIntervalMs).toBe(1000);
    expect(c.collector.sampleRate).toBe(0.5);
    expect(c.userClaim).toBe("email");
    expect(c.collector.schemaSamplesPerWindow).toBe(5);
    expect(c.collector.schemaSampleEvery).toBe(10);
    expect(c.collector.schemaMaxBytes).toBe(4096);
    expect(c.collector.schemaMaxFields).toBe(100);
    expect(c.collector.schemaMaxDepth).toBe(6);
  });

  it("accepts integers written as doubles (Istio Struct)", () => {
    const r = parse('{"schemaVersion":1.0,"limits":{"maxBodyBytes":1024.0}}');
    expect(r.error).toBe("");
    expect(r.config!.maxBodyBytes).toBe(1024);
  });

  it("monitor mode turns block and redact into alert", () => {
    const c = parse('{"schemaVersion":1,"mode":"monitor"}').config!;
    expect(c.effective(Action.Block)).toBe(Action.Alert);
    expect(c.effective(Action.Redact)).toBe(Action.Alert);
    expect(c.effective(Action.Allow)).toBe(Action.Allow);
    const e = parse('{"schemaVersion":1,"mode":"enforce"}').config!;
    expect(e.effective(Action.Block)).toBe(Action.Block);
  });
});

describe("filter config: rejected with the field named", () => {
  it("empty input", () => { expectIncludes(errorOf(""), "empty"); });
  it("invalid JSON", () => { expectIncludes(errorOf('{"schemaVersion":1,'), "invalid JSON"); });
  it("not an object", () => { expectIncludes(errorOf("[1]"), "must be an object"); });
  it("missing schemaVersion", () => { expect(errorOf("{}")).toBe("schemaVersion: is required"); });
  it("wrong schemaVersion", () => { expectIncludes(errorOf('{"schemaVersion":2}'), "schemaVersion: must be 1"); });
  it("unknown top-level field", () => { expect(errorOf('{"schemaVersion":1,"modes":"x"}')).toBe("modes: unknown field"); });
  it("bad mode", () => { expectIncludes(errorOf('{"schemaVersion":1,"mode":"block"}'), "mode: must be one of monitor, enforce"); });
  it("non-integer limit", () => { expectIncludes(errorOf('{"schemaVersion":1,"limits":{"maxBodyBytes":1.5}}'), "limits.maxBodyBytes: must be an integer"); });
  it("limit out of range", () => { expectIncludes(errorOf('{"schemaVersion":1,"limits":{"maxDepth":0}}'), "limits.maxDepth: must be between"); });
  it("limit out of range names the bounds and the value as whole numbers", () => {
    expectIncludes(errorOf('{"schemaVersion":1,"limits":{"maxFields":2000000}}'), "limits.maxFields: must be between 1 and 1000000, got 2000000");
    expectIncludes(errorOf('{"schemaVersion":1,"limits":{"maxFields":1000000000000000000000000000000}}'), "must be between 1 and 1000000, got 1e+30");
  });
  it("unknown PII type", () => { expect(errorOf('{"schemaVersion":1,"actions":{"pii":{"cards":{"request":"block"}}}}')).toBe("actions.pii.cards: unknown field"); });
  it("bad action", () => { expectIncludes(errorOf('{"schemaVersion":1,"actions":{"attacks":{"xss":{"request":"deny"}}}}'), "actions.attacks.xss.request: must be one of"); });
  it("unknown rule field", () => { expect(errorOf('{"schemaVersion":1,"rules":[{"id":"a","action":"block","match":{"methds":["GET"]}}]}')).toBe("rules[0].match.methds: unknown field"); });
  it("rule without id", () => { expect(errorOf('{"schemaVersion":1,"rules":[{"action":"block"}]}')).toBe("rules[0].id: is required"); });
  it("duplicate rule id", () => { expectIncludes(errorOf('{"schemaVersion":1,"rules":[{"id":"a","action":"block"},{"id":"a","action":"alert"}]}'), "rules[1].id: duplicate"); });
  it("lower-case method", () => { expectIncludes(errorOf('{"schemaVersion":1,"rules":[{"id":"a","action":"block","match":{"methods":["GET","post"]}}]}'), "rules[0].match.methods[1]"); });
  it("redact is not a rule action", () => { expectIncludes(errorOf('{"schemaVersion":1,"rules":[{"id":"a","action":"redact"}]}'), "rules[0].action"); });
  it("hash style needs a key", () => { expect(errorOf('{"schemaVersion":1,"redaction":{"style":"hash"}}')).toBe("redaction.hashKey: is required when style is 'hash'"); });
  it("collector needs a cluster", () => { expect(errorOf('{"schemaVersion":1,"collector":{"token":"x"}}')).toBe("collector.cluster: is required"); });
  it("collector path must be absolute", () => { expectIncludes(errorOf('{"schemaVersion":1,"collector":{"cluster":"c","path":"ingest"}}'), "collector.path"); });
  it("schema sketch field limit", () => { expectIncludes(errorOf('{"schemaVersion":1,"collector":{"cluster":"c","schemas":{"maxFields":513}}}'), "collector.schemas.maxFields: must be between 1"); });
  it("unknown schema sketch field", () => { expect(errorOf('{"schemaVersion":1,"collector":{"cluster":"c","schemas":{"every":3}}}')).toBe("collector.schemas.every: unknown field"); });
  it("user claim must be a string", () => { expectIncludes(errorOf('{"schemaVersion":1,"identity":{"userClaim":1}}'), "identity.userClaim"); });
  it("sample rate above 1", () => { expectIncludes(errorOf('{"schemaVersion":1,"collector":{"cluster":"c","sampleRate":2}}'), "collector.sampleRate"); });
  it("duplicate keys", () => { expectIncludes(errorOf('{"schemaVersion":1,"mode":"monitor","mode":"enforce"}'), "duplicate key"); });
});
