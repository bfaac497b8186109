import { GraphqlShape, analyzeGraphql, looksLikeGraphql } from "../graphql";

const shape = new GraphqlShape();
function analyze(doc: string): GraphqlShape {
  const b = String.UTF8.encode(doc);
  analyzeGraphql(changetype<usize>(b), b.byteLength, shape);
  return shape;
}
function looks(doc: string): bool { const b = String.UTF8.encode(doc); return looksLikeGraphql(changetype<usize>(b), b.byteLength); }
function opName(doc: string): string {
  const b = String.UTF8.encode(doc);
  analyzeGraphql(changetype<usize>(b), b.byteLength, shape);
  return shape.operationStart < 0 ? "" : String.UTF8.decodeUnsafe(changetype<usize>(b) + <usize>shape.operationStart, <usize>shape.operationLength);
}

describe("GraphQL shape", () => {
  it("depth of nested selection sets", () => {
    expect(analyze("{ a { b { c } } }").depth).toBe(3);
    expect(analyze("query Q($x: Int = 1) { a(arg: {k: 1}) { b } }").depth).toBe(2, "object arguments are not selections");
  });
  it("introspection fields, not in strings or comments", () => {
    expect(analyze("{ __schema { types { name } } }").introspection).toBe(true);
    expect(analyze("query { user { __type: name } }").introspection).toBe(true);
    expect(analyze('{ search(q: "__schema") { id } } # __type').introspection).toBe(false);
    expect(analyze('{ search(q: """ { { { __schema """) { id } }').depth).toBe(2);
  });
  it("aliases and operations", () => {
    const s = analyze("{ a1: user(id: 1) { id } a2: user(id: 2) { id } a3: user(id: 3) { id } }");
    expect(s.aliases).toBe(3);
    expect(s.operations).toBe(1);
    expect(analyze("query A { x } mutation B { y }").operations).toBe(2);
    expect(opName("mutation CreateUser($n: String) { createUser(name: $n) { id } }")).toBe("CreateUser");
    expect(opName("{ x }")).toBe("");
  });
  it("recognises documents, not other strings", () => {
    expect(looks("  query Q { a }")).toBe(true);
    expect(looks("{ a }")).toBe(true);
    expect(looks("# c\nmutation { a }")).toBe(true);
    expect(looks("select * from users")).toBe(false);
    expect(looks("queryString")).toBe(false);
    // An operation name without its keyword counts only when it asks for the schema.
    expect(looks("IntrospectionQuery{__schema {queryType { name }}")).toBe(true);
    expect(looks("Q { __type(name: \"User\") { name } }")).toBe(true);
    expect(looks("shoes {red}")).toBe(false);
    expect(looks("Note {see __schema_v2 docs}")).toBe(false);
  });
  it("never traps on malformed input", () => {
    const inputs = ['"', '"""', "{{{{{{", "}}}}", "#", "query", "(((", "\"\\", "a:b:c:"];
    for (let i = 0; i < inputs.length; i++) analyze(inputs[i]);
    expect(analyze("}}}}").depth).toBe(0);
  });
});
