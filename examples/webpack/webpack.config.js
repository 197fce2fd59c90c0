// Two webpack 5 production builds, no loader or plugin needed for the package:
// - the browser bundle (dist/): webpack emits the .wasm file as an asset because the glue refers
//   to it as new URL("…", import.meta.url);
// - a Node bundle (dist-node/, target node18, ES module output): the package's "node" export,
//   which instantiates the wasm at import.
import { fileURLToPath } from "node:url";

export default [
  {
    mode: "production",
    entry: "./src/index.js",
    output: {
      path: fileURLToPath(new URL("dist", import.meta.url)),
      filename: "main.js",
      clean: true,
    },
    devtool: "source-map",
    performance: { hints: false },
  },
  {
    mode: "production",
    target: "node18",
    entry: "./src/server.js",
    experiments: { outputModule: true },
    output: {
      path: fileURLToPath(new URL("dist-node", import.meta.url)),
      filename: "main.mjs",
      module: true,
      clean: true,
    },
    performance: { hints: false },
  },
];
