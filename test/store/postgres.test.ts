import type { Storage } from "../../src/domain/storage.ts";
import { openPostgresStorage } from "../../src/store/postgres/index.ts";
import { usePostgres } from "../support/use-postgres.ts";
import { storageContract } from "./contract.ts";

const pgServer = usePostgres();
/** The database each open Storage uses, so that `reopen` opens the same one. */
const databases = new WeakMap<Storage, string>();

async function open(url: string, clock: () => Date): Promise<Storage> {
  const storage = await openPostgresStorage({ url, poolSize: 4, clock });
  databases.set(storage, url);
  return storage;
}

storageContract("postgresql", {
  open: async ({ clock }) => open(await pgServer().createDatabase(), clock),
  reopen: async (storage, { clock }) => {
    const url = databases.get(storage) as string;
    await storage.close();
    return open(url, clock);
  },
});
