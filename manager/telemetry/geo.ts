// IP -> country from the CSVs the @ip-location-db/geo-whois-asn-country package ships (CC0; ranges as
// "start,end,CC" with numeric bounds). Loaded lazily, once per family, into sorted arrays searched by
// bisection. Private, loopback and link-local addresses are reported as "private"; addresses in no
// range as "unknown"; text that is not an IP as "invalid".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const dataDir = () => dirname(require.resolve("@ip-location-db/geo-whois-asn-country/package.json"));

interface Table<T> { starts: T[] | Float64Array; ends: T[] | Float64Array; countries: string[] }
let v4: Table<number> | undefined;
let v6: Table<bigint> | undefined;

function load<T>(file: string, parse: (s: string) => T): Table<T> {
  const lines = readFileSync(join(dataDir(), file), "utf8").split("\n");
  const starts: T[] = []; const ends: T[] = []; const countries: string[] = [];
  for (const line of lines) {
    const [a, b, cc] = line.split(",");
    if (!cc) continue;
    starts.push(parse(a)); ends.push(parse(b)); countries.push(cc.trim());
  }
  return { starts, ends, countries };
}

export function parseIpv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0] * 256 + o[1]) * 256 + o[2]) * 256 + o[3];
}

export function parseIpv6(ip: string): bigint | undefined {
  let s = ip.replace(/%.*$/, "");
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (tail) { const n = parseIpv4(tail[1]); if (n === undefined) return undefined; s = s.slice(0, -tail[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`; }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - rest.length).fill("0"), ...rest] : head;
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function isPrivateV4(n: number): boolean {
  const a = Math.floor(n / 16777216), b = Math.floor(n / 65536) % 256;
  return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b < 128);
}

function bisect<T extends number | bigint>(t: Table<T>, x: T): string {
  let lo = 0, hi = t.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((t.starts[mid] as T) > x) hi = mid - 1;
    else if ((t.ends[mid] as T) < x) lo = mid + 1;
    else return t.countries[mid];
  }
  return "unknown";
}

export function countryOf(ip: string): string {
  const n4 = parseIpv4(ip);
  if (n4 !== undefined) {
    if (isPrivateV4(n4)) return "private";
    v4 ??= load("geo-whois-asn-country-ipv4-num.csv", Number);
    return bisect(v4 as Table<number>, n4);
  }
  const n6 = parseIpv6(ip);
  if (n6 === undefined) return "invalid";
  if (n6 >> 96n === 0n && ((n6 >> 32n) & 0xffffn) === 0xffffn) return countryOf(`${Number((n6 >> 24n) & 255n)}.${Number((n6 >> 16n) & 255n)}.${Number((n6 >> 8n) & 255n)}.${Number(n6 & 255n)}`);
  if (n6 <= 1n || n6 >> 121n === 0x7en || n6 >> 118n === 0x3fan) return "private"; // ::, ::1, fc00::/7, fe80::/10
  v6 ??= load("geo-whois-asn-country-ipv6-num.csv", BigInt);
  return bisect(v6 as Table<bigint>, n6);
}
