import { Workload, destinationFromAuthority } from "../identity";

function dest(authority: string): Workload {
  const w = new Workload();
  destinationFromAuthority(authority, "home", w);
  return w;
}

describe("outbound destination from :authority", () => {
  it("maps in-mesh service names to workloads", () => {
    let w = dest("orders");
    expect(w.external).toBe(false);
    expect(w.workload).toBe("orders");
    expect(w.namespace).toBe("home", "a bare name is in the caller's namespace");
    w = dest("orders.shop:8080");
    expect(w.namespace).toBe("shop");
    expect(w.host).toBe("orders.shop");
    w = dest("payments.billing.svc.cluster.local");
    expect(w.external).toBe(false);
    expect(w.workload).toBe("payments");
    expect(w.namespace).toBe("billing");
  });
  it("treats public hosts and IP literals as external", () => {
    expect(dest("api.stripe.com").external).toBe(true);
    expect(dest("example.io:443").external).toBe(true);
    expect(dest("10.1.2.3:9000").external).toBe(true);
    expect(dest("[fd00::1]:80").external).toBe(true);
    expect(dest("API.Example.COM").host).toBe("api.example.com");
  });
});
