import { StorageUnavailableError } from "../../domain/storage.ts";

/** Node socket errors that mean the server cannot be reached. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ENOENT"]);

/**
 * SQLSTATEs that mean the connection, not the statement, failed: class 08
 * (connection exception), the server shutting down or starting up, too many
 * connections.
 */
const SERVER_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** node-postgres' own messages for a connection that is gone or never came. */
const CLIENT_MESSAGES = [/Connection terminated/i, /not queryable/i, /timeout exceeded when trying to connect/i, /Cannot use a pool after calling end/i, /connection.*(closed|ended)/i];

/** Whether `error` means the database could not be reached (rather than a fault of the statement). */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith("08"))) return true;
  return CLIENT_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** SQLSTATE disk_full: the transaction was rolled back, the connection is fine; the user is told to send it again. */
const DISK_FULL = "53100";

/** Turns a connection failure, or a full disk, into the port's StorageUnavailableError; other errors pass unchanged. */
export function storageError(error: unknown): unknown {
  const diskFull = error instanceof Error && (error as { code?: unknown }).code === DISK_FULL;
  if (error instanceof StorageUnavailableError || (!diskFull && !isConnectionError(error))) return error;
  const code = (error as { code?: unknown }).code;
  return new StorageUnavailableError(`${typeof code === "string" ? `${code} ` : ""}${(error as Error).message}`);
}
