import { templatePathString } from "../path-template";

function check(path: string, expected: string): void {
  expect(templatePathString(path)).toBe(expected, path);
}

describe("path templating heuristics", () => {
  it("keeps literal paths", () => {
    check("/", "/");
    check("", "/");
    check("/api/v1/users", "/api/v1/users");
    check("/healthz", "/healthz");
    check("/v2/catalog/products", "/v2/catalog/products");
  });
  it("parameterizes numbers, UUIDs, hex and ObjectIds", () => {
    check("/users/42", "/users/{id}");
    check("/users/42/orders/9001", "/users/{id}/orders/{id}");
    check("/items/3fa85f64-5717-4562-b3fc-2c963f66afa6", "/items/{id}");
    check("/objects/507f1f77bcf86cd799439011", "/objects/{id}");
    check("/commits/9fceb02d0ae598e95dc970b74767f19372d61af8", "/commits/{id}");
  });
  it("parameterizes dates, emails and long mixed tokens", () => {
    check("/reports/2024-01-31", "/reports/{date}");
    check("/users/alice@example.com/profile", "/users/{email}/profile");
    check("/users/alice%40example.com", "/users/{email}");
    check("/keys/AbCdEf0123456789xyz", "/keys/{id}");
    check("/orders/ord-20240131-0042", "/orders/{id}");
  });
  it("leaves words, versions and short codes alone", () => {
    check("/api/v1/deadbeef", "/api/v1/deadbeef");
    check("/static/app.min.js", "/static/app.min.js");
    check("/en-US/docs", "/en-US/docs");
    check("/products/ipad-pro", "/products/ipad-pro");
    check("/oauth2/token", "/oauth2/token");
  });
  it("drops query and fragment, collapses slashes", () => {
    check("/users/7?expand=orders", "/users/{id}");
    check("/a//b///c#frag", "/a/b/c");
    check("/search?q=/etc/passwd", "/search");
  });
});
