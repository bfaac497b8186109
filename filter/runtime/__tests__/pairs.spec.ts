import { PairsBuilder, PairsIterator } from "../headers";
import { HostBytes, Utf8 } from "../memory";

function view(b: PairsBuilder): HostBytes {
  // A HostBytes pointing at the builder's block (not owned: never released).
  const h = new HostBytes();
  h.ptr = b.ptr;
  h.length = b.length;
  return h;
}

describe("pairs codec (reference §2.4)", () => {
  it("encodes the reference example byte for byte", () => {
    const b = new PairsBuilder().add("a", "1").add("b", "22");
    // The reference lists these 29 bytes (its "(25 bytes)" caption miscounts): 4 + 2*8 table + 9 data.
    const expected: u8[] = [2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0x61, 0, 0x31, 0, 0x62, 0, 0x32, 0x32, 0];
    expect(b.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(load<u8>(b.ptr + <usize>i)).toBe(expected[i], "byte " + i.toString());
  });

  it("round-trips through the iterator", () => {
    const b = new PairsBuilder().add(":status", "403").add("content-type", "application/json").add("x-empty", "");
    const it = new PairsIterator();
    it.reset(view(b));
    expect(it.total).toBe(3);
    expect(it.next()).toBe(true);
    expect(it.keyString()).toBe(":status");
    expect(it.valueString()).toBe("403");
    expect(it.next()).toBe(true);
    expect(it.keyEquals(new Utf8("content-type"))).toBe(true);
    expect(it.next()).toBe(true);
    expect(it.valueLength).toBe(0);
    expect(it.next()).toBe(false);
  });

  it("stops on truncated or lying blocks instead of reading out of range", () => {
    const b = new PairsBuilder().add("key", "value");
    const h = view(b);
    const it = new PairsIterator();
    h.length = b.length - 3; // cut into the data
    it.reset(h);
    expect(it.next()).toBe(false);
    h.length = 2;            // not even a count
    it.reset(h);
    expect(it.total).toBe(0);
    const huge = new ArrayBuffer(8);
    store<u32>(changetype<usize>(huge), 0x7fffffff); // claims 2^31 pairs
    const lying = new HostBytes();
    lying.ptr = changetype<usize>(huge);
    lying.length = 8;
    it.reset(lying);
    expect(it.total).toBe(0);
  });
});
