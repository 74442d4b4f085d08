import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    environment: "node",
    include: ["training/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    globalSetup: ["tests/setup/global-build.ts"],
    // The demo seed's published version (db/seed/versions.ts) only where a test asks for it.
    env: { KB_DEMO_VERSIONS: "0" },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
