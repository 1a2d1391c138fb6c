import { PARSE_REASONS, type ReasonKey, type ReasonParams } from "./reasons.ts";

/** An answer not taken: the reason's key and parameters (reasons.ts), and its sentence for the owner. */
export interface Refusal {
  ok: false;
  key: ReasonKey;
  params?: unknown;
  reason: string;
}

/** What every parser returns: a value, or a refusal with its reason (never an exception). */
export type ParseResult<T> = { ok: true; value: T } | Refusal;

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });

/** A refusal by key: `fail("phoneLength", { count: 9 })`. */
export function fail<K extends ReasonKey>(key: K, ...params: ReasonParams<K>): Refusal {
  const word = PARSE_REASONS[key] as (...args: ReasonParams<K>) => string;
  return { ok: false, key, ...(params.length > 0 ? { params: params[0] } : {}), reason: word(...params) };
}
