// No React plugin: Vite's built-in transform compiles TSX with the automatic JSX runtime
// (tsconfig "jsx": "react-jsx"). The package needs no configuration for `vite build`: its
// `new URL("nanogpt_image_controls_bg.wasm", import.meta.url)` becomes a hashed asset.
import { defineConfig } from "vite";

export default defineConfig({
  // The dev server's dependency pre-bundling would move the glue away from its .wasm file.
  optimizeDeps: { exclude: ["nanogpt-image-controls"] },
  build: {
    target: "es2022",
    rolldownOptions: {
      // rjsf marks its hooks "use client" (for React Server Components); meaningless in a bundle.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
