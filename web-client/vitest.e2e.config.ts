import { defineConfig } from "vitest/config";

/** End-to-end: a real server process and Debian Chromium driven by playwright-core, one file at a time. */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: "forks",
  },
});
