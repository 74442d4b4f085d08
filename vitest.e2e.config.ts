import { defineConfig } from "vitest/config";

/** Browser tests: a real Chromium (Debian's) driven by playwright-core against the built server. */
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/setup/global-build.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
