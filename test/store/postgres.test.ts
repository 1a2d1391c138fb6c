import { afterAll, beforeAll } from "vitest";
import type { Storage } from "../../src/domain/storage.ts";
import { openPostgresStorage } from "../../src/store/postgres/index.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { storageContract } from "./contract.ts";

let server: TestPostgres;
/** The database each open Storage uses, so that `reopen` opens the same one. */
const databases = new WeakMap<Storage, string>();

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server?.stop());

async function open(url: string, clock: () => Date): Promise<Storage> {
  const storage = await openPostgresStorage({ url, poolSize: 4, clock });
  databases.set(storage, url);
  return storage;
}

storageContract("postgresql", {
  open: async ({ clock }) => open(await server.createDatabase(), clock),
  reopen: async (storage, { clock }) => {
    const url = databases.get(storage) as string;
    await storage.close();
    return open(url, clock);
  },
});
