import { StorageError, StorageUnavailableError } from "../domain/storage.ts";
import { createLogger } from "../logger.ts";
import { migrate } from "../store/postgres/index.ts";
import { runCli } from "./run-cli.ts";

/** `npm run db:migrate`: applies the PostgreSQL migrations not applied yet to DATABASE_URL (the bot also applies them at start). */
runCli(async () => {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    console.error("Chưa đặt DATABASE_URL (ví dụ postgresql://bot:mat-khau@localhost:5432/khuyencong).");
    process.exitCode = 1;
    return;
  }
  try {
    const applied = await migrate(url, createLogger("warn"));
    console.log(applied.length ? `Đã áp dụng ${applied.length} migration: ${applied.join(", ")}` : "Cơ sở dữ liệu đã ở phiên bản mới nhất, không có migration nào cần áp dụng.");
  } catch (error) {
    if (error instanceof StorageError || error instanceof StorageUnavailableError) {
      console.error(error.message);
      process.exitCode = 1;
    } else throw error;
  }
});
