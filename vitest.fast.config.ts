import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

/**
 * `npm run test:fast`: the edit loop. Unit tests and whole conversations
 * through the real engine, on the in-memory storage (test/support/app.ts);
 * no PostgreSQL, no SIGKILL trials, no documents (one test runs `npm run kb:check`).
 * `npm test` stays the whole suite.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
      "test/*.test.ts",
      "test/channels/*.test.ts",
      "test/domain/**/*.test.ts",
      "test/engine/**/*.test.ts",
      "test/form/**/*.test.ts",
      "test/kb/**/*.test.ts",
      "test/officer/**/*.test.ts",
      "test/text/**/*.test.ts",
      "test/property/**/*.test.ts",
    ],
    provide: { storage: "memory" },
    // Worker threads start faster than the full suite's forks (44 s against 67 s here); nothing in these files needs a process of its own.
    pool: "threads",
  },
});
