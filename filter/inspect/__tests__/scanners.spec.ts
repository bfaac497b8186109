import { scannerUserAgent, scannerUserAgentRemembered, oastDomainIn } from "../scanners";

function b(s: string): ArrayBuffer { return String.UTF8.encode(s); }
function tool(s: string): bool { const x = b(s); return scannerUserAgent(changetype<usize>(x), x.byteLength); }
function remembered(s: string): bool { const x = b(s); return scannerUserAgentRemembered(changetype<usize>(x), x.byteLength); }
function oast(s: string): bool { const x = b(s); return oastDomainIn(changetype<usize>(x), x.byteLength); }

describe("attack tools", () => {
  it("knows scanners and fuzzers by their User-Agent", () => {
    const agents: StaticArray<string> = ["sqlmap/1.7.4#stable (https://sqlmap.org)", "Mozilla/5.0 [en] (X11, U; OpenVAS-VT 22.4.1)",
      "Microsoft WinRM Client OpenVASVT", "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)", "Fuzz Faster U Fool v2.0.0",
      "mercuryboard_user_agent_sql_injection.nasl'", "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)",
      "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)", "gobuster/3.6", "Wfuzz/3.1.0", "DirBuster-1.0-RC1",
      "Mozilla/5.0 (Windows NT 10.0) WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)", "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
      "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1) Havij", "dirb"];
    for (let i = 0; i < agents.length; i++) expect(tool(agents[i])).toBe(true, agents[i]);
  });
  it("leaves browsers, SDKs and agents alone, and tool names inside other words", () => {
    const agents: StaticArray<string> = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
      "curl/8.4.0", "python-requests/2.31.0", "Go-http-client/1.1", "okhttp/4.12.0", "kube-probe/1.28", "Prometheus/2.48.0", "Envoy/HC",
      "aws-sdk-js/3.454.0 ua/2.0 os/linux", "Grafana/10.2.0", "FeedGrabber/1.0", "Dirbot/2", "nucleic-acid-tool/1.0", "nasl-parser", "Datadog Agent/7.49.0", "nasl.example.com", "skipfishing-report", "Image Grabber/1.0", ""];
    for (let i = 0; i < agents.length; i++) expect(tool(agents[i])).toBe(false, agents[i]);
  });
  it("remembers the last clean User-Agent, never a tool's", () => {
    const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36";
    expect(remembered(browser)).toBe(false);
    expect(remembered(browser)).toBe(false);
    expect(remembered("sqlmap/1.7.4#stable (https://sqlmap.org)")).toBe(true);
    expect(remembered("sqlmap/1.7.4#stable (https://sqlmap.org)")).toBe(true);
    expect(remembered(browser.replace("Chrome", "Nikto/2"))).toBe(true);
    expect(remembered(browser)).toBe(false);
  });
  it("finds hosts under out-of-band interaction domains anywhere in a value", () => {
    const values: StaticArray<string> = ["x7f3.oast.pro", "http://lmb1ikpej3yys0gq.burpcollaborator.net/6.17.0.RELEASE", "root@w63gecorop.interact.sh",
      "${jndi:ldap://a.b.OAST.FUN/x}", "ping -c1 abc.oastify.com;", "https://c0ffee.oast.me:443/", "nslookup q1.dnslog.cn", "a.ceye.io.", "<img src=//z.xss.ht>"];
    for (let i = 0; i < values.length; i++) expect(oast(values[i])).toBe(true, values[i]);
  });
  it("needs a subdomain that ends the host name", () => {
    const values: StaticArray<string> = ["oast.pro", "see interact.sh for docs", "a.oast.pro.example.com", "a.oast.project.io", "a.boast.pro", "a.oast-pro.net",
      "mail.interact.shop", "https://api.example.com/v1", ""];
    for (let i = 0; i < values.length; i++) expect(oast(values[i])).toBe(false, values[i]);
  });
});
