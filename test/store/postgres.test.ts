import type { Storage } from "../../src/domain/storage.ts";
import { openPostgresStorage } from "../../src/store/postgres/index.ts";
import { usePostgres } from "../support/use-postgres.ts";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { application, storageContract } from "./contract.ts";

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

describe("postgresql: applications stored before migration 0003", () => {
  it("get their search text at start, so free-text search finds them", async () => {
    const url = await pgServer().createDatabase();
    let storage = await open(url, () => new Date());
    await storage.applications.save(application("KC-2026-000001", "1", { answers: { facilityName: "Cơ sở may Lan Anh", phone: "0912345678", province: "dien-bien" } }));
    await storage.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("UPDATE applications SET search_text = NULL");
    await client.end();
    storage = await open(url, () => new Date());
    try {
      expect((await storage.applications.page({ text: "lan anh" })).items.map((a) => a.code)).toEqual(["KC-2026-000001"]);
    } finally {
      await storage.close();
    }
  });
});
