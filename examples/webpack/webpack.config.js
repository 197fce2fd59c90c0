// A plain webpack 5 production build: no loader or plugin is needed for the package; webpack
// emits its .wasm file as an asset because the glue refers to it as new URL("…", import.meta.url).
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  entry: "./src/index.js",
  output: {
    path: fileURLToPath(new URL("dist", import.meta.url)),
    filename: "main.js",
    clean: true,
  },
  devtool: "source-map",
  performance: { hints: false },
};
