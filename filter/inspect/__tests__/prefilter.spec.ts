import { SQL_CATALOGS, catalogNameStart, longTokenCandidate } from "../prefilter";

describe("prefilter tables: every entry is found, near misses are not", () => {
  it("catalog names by their first four bytes, at every head, in either case and after quotes", () => {
    for (let k = 0; k < SQL_CATALOGS.length; k++) {
      // Only the names of letters, '_' and '.' (i p s m …) need this gate: "database(", "@@version" have bytes the other gates take.
      const c0 = SQL_CATALOGS[k].charCodeAt(0);
      if (!(c0 == 0x69 || c0 == 0x70 || c0 == 0x73 || c0 == 0x6d)) continue;
      const names: StaticArray<string> = [SQL_CATALOGS[k], SQL_CATALOGS[k].toUpperCase(), "`" + SQL_CATALOGS[k] + "`", " \"" + SQL_CATALOGS[k]];
      for (let j = 0; j < names.length; j++) {
        const b = String.UTF8.encode(names[j]);
        expect(catalogNameStart(changetype<usize>(b), b.byteLength)).toBe(true, names[j]);
      }
      // the name cut by one byte, or its fourth byte changed, is no catalog
      const w = SQL_CATALOGS[k];
      const cut = String.UTF8.encode(w.slice(0, w.length - 1));
      expect(catalogNameStart(changetype<usize>(cut), cut.byteLength)).toBe(false, w.slice(0, w.length - 1));
      const changed = String.UTF8.encode(w.slice(0, 3) + "9" + w.slice(4));
      expect(catalogNameStart(changetype<usize>(changed), changed.byteLength)).toBe(false, w.slice(0, 3) + "9" + w.slice(4));
    }
    const plain: StaticArray<string> = ["MainStreetAvenue", "Springfieldshire", "pineapple", "information", "systemsobjects"];
    for (let j = 0; j < plain.length; j++) {
      const b = String.UTF8.encode(plain[j]);
      expect(catalogNameStart(changetype<usize>(b), b.byteLength)).toBe(false, plain[j]);
    }
  });
  it("long-token prefixes by the bitmap of byte pairs", () => {
    const tokens: StaticArray<string> = ["eyJhbGciOiJIUzI1NiJ9", "AKIAQ7LMZ2HNVW4TXKRB", "ASIA", "AIzaSy", "ABIA", "ACCA", "A3T", "ghp_", "github_pat_", "glpat-", "GR1348941",
      "xoxb-", "xapp-", "hooks.slack.com", "sk_live_", "rk_live_", "bedrock-api-key-", "da2-", "ya29.", "LS0tLS1", "-----BEGIN", "hf_", "hvs.", "npm_", "pypi-",
      "rubygems_", "shpat_", "dop_v1_", "dp.st.", "dckr_pat_", "PMAK-", "AGE-SECRET-KEY-", "ATATT3", "lin_api_", "SG.", "NRAK-", "sgp_", "sq0atp-", "tvly-", "aio_",
      "odt_", "oy2", "SK", "cio", "DE89370400440532013000"];
    for (let i = 0; i < tokens.length; i++) {
      const b = String.UTF8.encode(tokens[i] + "xxxxxxxxxxxxxxxxxxxx");
      expect(longTokenCandidate(changetype<usize>(b))).toBe(true, tokens[i]);
    }
    const plain: StaticArray<string> = ["CustomerAccountIdentifier", "createdAtTimestamp", "MainStreet", "zz_top", "Ax", "DEXX"];
    for (let i = 0; i < plain.length; i++) {
      const b = String.UTF8.encode(plain[i] + "xxxxxxxxxxxxxxxxxxxx");
      expect(longTokenCandidate(changetype<usize>(b))).toBe(false, plain[i]);
    }
  });
});
