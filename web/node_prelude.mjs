// evtxdiag for node, as an ES module: `node evtxdiag.mjs diagnose PATH... --format json`.
// What follows this prelude is the CommonJS glue emscripten writes around the WebAssembly
// command (wasm inlined); it expects require, __filename and __dirname, which an ES module
// does not have. Built by `scripts/run web` (web/CMakeLists.txt).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname } from "node:path";
const require = createRequire(import.meta.url);
const __filename = fileURLToPath(import.meta.url);
const __dirname = dirname(__filename);
