import type { Application } from "../domain/records.ts";
import type { FieldValue } from "../engine/session.ts";
import { entityOptions } from "../form/fields.ts";
import type { Province } from "../kb/schema.ts";
import type { KnowledgeBase } from "../kb/types.ts";

/** What the documents print, read from a stored application (never stored a second time). */
export interface LetterFacts {
  code: string;
  facilityName: string;
  entityType: string;
  entityLabel: string;
  representative: string;
  position?: string;
  taxCode: string;
  /** House/street, commune, province: the full address. */
  address: string;
  street: string;
  commune: string;
  province?: Province;
  phone: string;
  email?: string;
  sector: string;
  workers?: number;
  supportId: string;
  supportTitle: string;
  supportShortTitle: string;
  description: string;
  totalCost?: number;
  requested?: number;
  /** Total minus requested, when both are known. */
  ownShare?: number;
  start?: { month: number; year: number };
  end?: { month: number; year: number };
  previousSupport?: boolean;
  /** The national maximum estimated at submission (not a decision). */
  estimateMaxVnd: number | null;
}

const str = (v: FieldValue | undefined): string => (typeof v === "string" ? v.trim() : v === undefined ? "" : String(v));
const num = (v: FieldValue | undefined): number | undefined => (typeof v === "number" ? v : undefined);
const month = (v: FieldValue | undefined) => (typeof v === "object" && v !== null && "month" in v ? { month: v.month, year: v.year } : undefined);

/** Reads the answers of an application into the facts the documents need. */
export function letterFacts(app: Application, kb: KnowledgeBase): LetterFacts {
  const a = app.answers;
  const entityType = str(a.entityType);
  const province = kb.provinces.find((p) => p.id === a.province);
  const support = kb.supportById.get(app.supportId);
  const totalCost = num(a.totalCost);
  const requested = num(a.requested);
  const street = str(a.address);
  const commune = str(a.commune);
  return {
    code: app.code,
    facilityName: str(a.facilityName),
    entityType,
    entityLabel: entityOptions(kb).find((o) => o.value === entityType)?.label ?? entityType,
    representative: str(a.representative),
    position: str(a.position) || undefined,
    taxCode: str(a.taxCode),
    address: [street, commune, province?.name ?? str(a.province)].filter(Boolean).join(", "),
    street,
    commune,
    province,
    phone: str(a.phone),
    email: str(a.email) || undefined,
    sector: str(a.sector),
    workers: num(a.workers),
    supportId: app.supportId,
    supportTitle: support?.title ?? app.supportId,
    supportShortTitle: support?.shortTitle ?? app.supportId,
    description: str(a.description),
    totalCost,
    requested,
    ownShare: totalCost !== undefined && requested !== undefined ? Math.max(0, totalCost - requested) : undefined,
    start: month(a.startMonth),
    end: month(a.endMonth),
    previousSupport: typeof a.previousSupport === "boolean" ? a.previousSupport : undefined,
    estimateMaxVnd: app.estimate.maxVnd,
  };
}
