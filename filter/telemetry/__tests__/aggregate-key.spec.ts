import { Direction, RequestRecord, aggregateKey, statusClass } from "../collector";

// The key as it was built before: plain concatenation.
function reference(r: RequestRecord, sc: string): string {
  return r.source.keyPart() + "|" + r.destination.keyPart() + "|" + (<i32>r.direction).toString() + "|" + r.method + "|" + r.host + "|" + r.template + "|" + sc + "|" + r.user;
}

describe("aggregate key", () => {
  it("joins the record's pieces exactly as the concatenation did", () => {
    const r = new RequestRecord();
    expect(aggregateKey(r, "none")).toBe(reference(r, "none"), "an empty record");
    r.source.namespace = "shop"; r.source.workload = "frontend"; r.source.host = "";
    r.destination.namespace = "billing"; r.destination.workload = "payments"; r.destination.host = "payments.billing";
    r.direction = Direction.Outbound;
    r.method = "POST"; r.host = "payments.billing"; r.template = "/api/v1/charges/{id}";
    r.user = "zoë😀";
    const sc = statusClass(503);
    expect(aggregateKey(r, sc)).toBe(reference(r, sc), "filled, with a non-ASCII user");
    r.direction = Direction.Unknown;
    expect(aggregateKey(r, "2xx")).toBe(reference(r, "2xx"));
  });

  it("tells records apart by every piece", () => {
    const a = new RequestRecord();
    a.method = "GET"; a.template = "/a";
    const base = aggregateKey(a, "2xx");
    a.template = "/b";
    expect(aggregateKey(a, "2xx")).not.toBe(base);
    a.template = "/a"; a.user = "u";
    expect(aggregateKey(a, "2xx")).not.toBe(base);
    a.user = "";
    expect(aggregateKey(a, "4xx")).not.toBe(base);
    expect(aggregateKey(a, "2xx")).toBe(base, "and gives the same key for the same record");
  });
});
