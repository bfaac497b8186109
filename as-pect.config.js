// as-pect runs the pure AssemblyScript suites: filter/**/__tests__/*.spec.ts.
// The inspection core has no host calls, so these tests need no proxy-wasm imports.
export default {
  entries: ["filter/**/__tests__/**/*.spec.ts"],
  include: ["filter/**/__tests__/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
