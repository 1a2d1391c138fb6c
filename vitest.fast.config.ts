import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

/**
 * `npm run test:fast`: the edit loop. Unit tests and whole conversations
 * through the real engine, on the in-memory storage (test/support/app.ts);
 * no PostgreSQL, no processes, no SIGKILL trials, no browser, no documents.
 * `npm test` stays the whole suite.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
      "test/*.test.ts",
      "test/domain/**/*.test.ts",
      "test/engine/**/*.test.ts",
      "test/form/**/*.test.ts",
      "test/kb/**/*.test.ts",
      "test/officer/**/*.test.ts",
      "test/text/**/*.test.ts",
      "test/property/**/*.test.ts",
    ],
    provide: { storage: "memory" },
  },
});
