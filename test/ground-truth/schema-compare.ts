// Shared by the ground-truth tests: the part of a schema both a document and discovery state.
// What a discovered schema says that the document also says: types, formats, properties, required, items.
export function strip(schema: any): any {
  if (!schema || typeof schema !== "object") return schema;
  const out: any = { type: schema.type };
  if (schema.format) out.format = schema.format;
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, strip(v)]).sort(([a], [b]) => (a as string).localeCompare(b as string)));
  if (schema.required) out.required = [...schema.required].sort();
  if (schema.items) out.items = strip(schema.items);
  return out;
}
