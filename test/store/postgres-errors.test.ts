import { describe, expect, it } from "vitest";
import { StorageUnavailableError } from "../../src/domain/storage.ts";
import { isConnectionError, storageError } from "../../src/store/postgres/errors.ts";

describe("PostgreSQL errors as the port tells them", () => {
  it("a full disk is 'storage unavailable' (rolled back: send it again), the connection not counted as broken", () => {
    const diskFull = Object.assign(new Error("could not extend file: No space left on device"), { code: "53100" });
    expect(storageError(diskFull)).toBeInstanceOf(StorageUnavailableError);
    expect(isConnectionError(diskFull)).toBe(false);
  });

  it.each([
    ["ECONNREFUSED", true],
    ["57P01", true],
    ["08006", true],
    ["23505", false],
    ["22P02", false],
  ])("%s: connection lost %s", (code, lost) => {
    const error = Object.assign(new Error("x"), { code });
    expect(isConnectionError(error)).toBe(lost);
    expect(storageError(error) instanceof StorageUnavailableError).toBe(lost);
  });
});
