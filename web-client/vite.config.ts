import { defineConfig } from "vitest/config";

export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true },
  // The dev server talks to a running Realtime server (CORS allows http://localhost:5173).
  server: { port: 5173, strictPort: true },
  test: { include: ["test/**/*.test.ts"] },
});
