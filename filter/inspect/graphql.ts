// GraphQL documents (the `query` of a JSON request, or an application/graphql body): selection depth,
// introspection (__schema / __type), alias and operation counts (batching), and the first operation's
// name. A lexer over bytes that skips strings, block strings and comments, so braces or "__schema" inside
// string arguments do not count. Pure and bounded: never reads past (p, n).

export class GraphqlShape {
  depth: i32 = 0;            // deepest selection-set nesting
  introspection: bool = false;
  aliases: i32 = 0;          // `name: field` pairs in selection sets (alias batching)
  operations: i32 = 0;       // query/mutation/subscription definitions plus anonymous `{ … }` ones
  operationStart: i32 = -1;  // first operation's name, as a byte range (-1: anonymous)
  operationLength: i32 = 0;
  valid: bool = false;       // looked like a GraphQL document (a selection set was found)
  reset(): void { this.depth = 0; this.introspection = false; this.aliases = 0; this.operations = 0; this.operationStart = -1; this.operationLength = 0; this.valid = false; }
}

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }
@inline function nameStart(c: u32): bool { return ((c | 0x20) - 0x61 < 26) || c == 0x5f; }
@inline function nameChar(c: u32): bool { return nameStart(c) || c - 0x30 < 10; }

function wordIs(p: usize, s: i32, e: i32, w: string): bool {
  if (e - s != w.length) return false;
  for (let k = 0; k < w.length; k++) if (at(p, s + k) != <u32>w.charCodeAt(k)) return false;
  return true;
}

// Fills `shape` for the document (p, n).
export function analyzeGraphql(p: usize, n: i32, shape: GraphqlShape): void {
  shape.reset();
  let depth = 0;
  let i = 0;
  let lastName = -1, lastNameEnd = -1;   // the previous name token (for aliases and operation names)
  let expectOperationName = false;
  let parens = 0;                        // inside an argument list / variable definitions
  while (i < n) {
    const c = at(p, i);
    if (c == 0x23) { while (i < n && at(p, i) != 0x0a) i++; continue; }           // # comment
    if (c == 0x22) {                                                               // "…" or """…"""
      if (i + 2 < n && at(p, i + 1) == 0x22 && at(p, i + 2) == 0x22) {
        i += 3;
        while (i + 2 < n && !(at(p, i) == 0x22 && at(p, i + 1) == 0x22 && at(p, i + 2) == 0x22)) i++;
        i += 3;
      } else {
        i++;
        while (i < n && at(p, i) != 0x22) { if (at(p, i) == 0x5c) i++; i++; }
        i++;
      }
      lastName = -1;
      continue;
    }
    if (c == 0x28) { parens++; i++; continue; }
    if (c == 0x29) { if (parens > 0) parens--; i++; continue; }
    if (c == 0x7b) {
      if (depth == 0 && parens == 0 && !expectOperationName && lastName < 0) shape.operations++; // anonymous { … }
      expectOperationName = false;
      depth++;
      if (depth > shape.depth) shape.depth = depth;
      shape.valid = true;
      lastName = -1;
      i++;
      continue;
    }
    if (c == 0x7d) { if (depth > 0) depth--; lastName = -1; i++; continue; }
    if (c == 0x3a) { if (depth > 0 && parens == 0 && lastName >= 0) shape.aliases++; lastName = -1; i++; continue; }
    if (nameStart(c)) {
      const s = i;
      while (i < n && nameChar(at(p, i))) i++;
      if (depth == 0 && parens == 0) {
        if (wordIs(p, s, i, "query") || wordIs(p, s, i, "mutation") || wordIs(p, s, i, "subscription")) { shape.operations++; expectOperationName = true; lastName = -1; continue; }
        if (expectOperationName && shape.operationStart < 0) { shape.operationStart = s; shape.operationLength = i - s; }
        expectOperationName = false;
      }
      if (depth > 0 && parens == 0 && (wordIs(p, s, i, "__schema") || wordIs(p, s, i, "__type"))) shape.introspection = true;
      lastName = s; lastNameEnd = i;
      continue;
    }
    i++;
  }
  void lastNameEnd;
}

// Whether a JSON string value is plausibly a GraphQL document: after spaces and comments it starts with
// `{` or an operation keyword.
export function looksLikeGraphql(p: usize, n: i32): bool {
  let i = 0;
  while (i < n) {
    const c = at(p, i);
    if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 || c == 0x2c) { i++; continue; }
    if (c == 0x23) { while (i < n && at(p, i) != 0x0a) i++; continue; }
    break;
  }
  if (i >= n) return false;
  if (at(p, i) == 0x7b) return true;
  let e = i;
  while (e < n && nameChar(at(p, e))) e++;
  if (wordIs(p, i, e, "query") || wordIs(p, i, e, "mutation") || wordIs(p, i, e, "subscription") || wordIs(p, i, e, "fragment")) return true;
  // An operation name without its keyword ("IntrospectionQuery{__schema{…}}"): no server runs it, but a
  // client that sends one is probing for the schema; read as GraphQL when it asks for __schema or __type.
  let b = e;
  while (b < n && (at(p, b) == 0x20 || at(p, b) == 0x09 || at(p, b) == 0x0a || at(p, b) == 0x0d)) b++;
  return e > i && b < n && at(p, b) == 0x7b && holdsIntrospection(p, b, n);
}
function holdsIntrospection(p: usize, from: i32, n: i32): bool {
  for (let k = from; k + 6 <= n; k++) {
    if (at(p, k) != 0x5f || at(p, k + 1) != 0x5f) continue;
    const e = k + 8 <= n && wordIs(p, k, k + 8, "__schema") ? k + 8 : wordIs(p, k, k + 6, "__type") ? k + 6 : -1;
    if (e > 0 && (e == n || !nameChar(at(p, e)))) return true;
  }
  return false;
}
