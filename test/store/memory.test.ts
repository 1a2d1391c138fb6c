import { MemoryStorage } from "../../src/store/memory/memory-storage.ts";
import { storageContract } from "./contract.ts";

storageContract("memory", { open: async ({ clock }) => new MemoryStorage({ clock }) });
