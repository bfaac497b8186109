import { normalizePath, restrictedPath } from "../path";

const out = new ArrayBuffer(1024);
function norm(path: string): string {
  const b = String.UTF8.encode(path);
  const n = normalizePath(changetype<usize>(b), b.byteLength, changetype<usize>(out), 1024);
  return String.UTF8.decodeUnsafe(changetype<usize>(out), <usize>n);
}

describe("normalizePath", () => {
  it("leaves ordinary paths alone and drops the query", () => {
    expect(norm("/api/v1/users/42?x=1")).toBe("/api/v1/users/42");
    expect(norm("/")).toBe("/");
    expect(norm("/docs/")).toBe("/docs/");
  });
  it("merges separators and backslashes", () => {
    expect(norm("//admin")).toBe("/admin");
    expect(norm("/a///b")).toBe("/a/b");
    expect(norm("\\admin\\users")).toBe("/admin/users");
  });
  it("resolves dot segments, never above the root", () => {
    expect(norm("/./admin")).toBe("/admin");
    expect(norm("/public/../admin")).toBe("/admin");
    expect(norm("/../../admin")).toBe("/admin");
    expect(norm("/a/b/..")).toBe("/a/");
  });
  it("decodes percent-encodings, repeatedly, and encoded separators", () => {
    expect(norm("/%61dmin")).toBe("/admin");
    expect(norm("/%2561dmin")).toBe("/admin");
    expect(norm("/public%2f..%2fadmin")).toBe("/admin");
    expect(norm("/public%252f%252e%252e%252fadmin")).toBe("/admin");
  });
  it("decodes %uXXXX and overlong UTF-8 for ASCII, and drops path parameters", () => {
    expect(norm("/%u0061dmin")).toBe("/admin");
    expect(norm("/%uff41dmin")).toBe("/admin");
    expect(norm("/public/%c0%ae%c0%ae/admin")).toBe("/admin");
    expect(norm("/public%c0%af..%c0%afadmin")).toBe("/admin");
    expect(norm("/admin;jsessionid=1/users")).toBe("/admin/users");
    expect(norm("/public/..;/admin")).toBe("/admin");
    expect(norm("/%u4e2d/x")).toBe("/%u4e2d/x");
  });
  it("never traps on odd input", () => {
    expect(norm("")).toBe("/");
    expect(norm("%")).toBe("/%");
    expect(norm("/%zz/%2")).toBe("/%zz/%2");
  });
});

function probe(s: string): bool {
  const b = String.UTF8.encode(s);
  const out = new ArrayBuffer(4096);
  return restrictedPath(changetype<usize>(out), normalizePath(changetype<usize>(b), b.byteLength, changetype<usize>(out), 4096));
}
describe("restricted files in the path", () => {
  it("version control, credentials, coding agents' settings and debug logs, however the path is spelled", () => {
    const probes: StaticArray<string> = ["/.git/config", "/app/.git/HEAD", "/x/../.git/config", "/%2e%67it/config", "/.env", "/.env.local", "/.aws/credentials",
      "/.claude/settings.json", "/app/.claude/settings.local.json", "/.cursor/mcp.json", "/.aider/chat.aider", "/.aiignore", "/.cursorignore", "/.VSCODE/sftp.json",
      "/wp-content/debug.log", "/backup.sql.zip", "/wp-config.php.bak", "//.ssh//id_rsa",
      // Backups, editor leftovers and database files; a private key's usual name.
      "/get/foo.bak", "/foo.db", "/foo.OLD", "/foo.bar.sql", "/dump.rdb", "/dump%2Erdb", "/index.php~", "/config.php.swp", "/etc/letsencrypt/live/example.com/privkey.pem"];
    for (let i = 0; i < probes.length; i++) expect(probe(probes[i])).toBe(true, probes[i]);
  });
  it("ordinary paths, and names that only start alike, are not", () => {
    const ok: StaticArray<string> = ["/.well-known/openid-configuration", "/api/v1/environments", "/static/app.envelope.js", "/docs/git/intro", "/api/debug.logger",
      "/backup.sqlite/x", "/users/claude/profile", "/cursor/position", "/env", "/api/.gitignore-rules", "/api/db", "/api/v1/old", "/static/font.ttf", "/.db",
      "/api/sql/queries", "/reports/2024.dbx"];
    for (let i = 0; i < ok.length; i++) expect(probe(ok[i])).toBe(false, ok[i]);
  });
});
