import type { z } from "zod";
import { maskId, maskText } from "../logger.ts";

/**
 * What a storage fault may say about the data it could not read. Data files
 * and rows hold phone numbers, tax codes and user ids, and a fault message is
 * printed on the console (past the logger's masking) and copied into tickets:
 * it names where the problem is, never what the record says.
 */

/** "zalo:6ede9afa66b88fe6d6a9" → "zalo:***6a9": enough to find the record, not to identify its user. */
export function maskSessionKey(key: string): string {
  const at = key.indexOf(":");
  return at < 0 ? maskId(key) : `${key.slice(0, at)}:${maskId(key.slice(at + 1))}`;
}

/** A path inside a record: field names and short indexes (a list position, a year) kept, anything else (a session key, an id) masked. */
export function describePath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(gốc)";
  return path.map((part) => (typeof part === "number" || /^(?:[A-Za-z_][A-Za-z0-9_]*|\d{1,5})$/.test(String(part)) ? String(part) : maskSessionKey(String(part)))).join(".");
}

/** The first schema problem as "sai cấu trúc tại <path>: <message>", its message masked too (a refinement may quote the value). */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `sai cấu trúc tại ${describePath(issue?.path ?? [])}: ${maskText(issue?.message ?? "")}`;
}

/**
 * JSON.parse's message without the piece of the file it quotes: V8 writes
 * `Unexpected token 'Q', ..."taxCode":Q010123456"... is not valid JSON`.
 */
export function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return maskText(message.replace(/,\s*(?:\.\.\.)?".*?"(?:\.\.\.)?\s+is not valid JSON\s*$/s, "").replace(/"[^"]*"/g, '"…"'));
}
