import type { ApplicationStatus } from "../domain/records.ts";

/** Vietnamese names of the statuses, as applicants and officers read them. */
export const STATUS_LABEL: Record<ApplicationStatus, string> = {
  submitted: "Đã nộp",
  received: "Đã tiếp nhận",
  "needs-info": "Cần bổ sung",
  proposed: "Đề xuất hỗ trợ",
  rejected: "Không đủ điều kiện",
  withdrawn: "Đã rút",
};

/** Allowed moves: who may make them is checked by the caller (officer or applicant). */
const TRANSITIONS: Record<ApplicationStatus, ApplicationStatus[]> = {
  submitted: ["received", "needs-info", "rejected", "withdrawn"],
  received: ["needs-info", "proposed", "rejected", "withdrawn"],
  "needs-info": ["received", "rejected", "withdrawn"],
  proposed: [],
  rejected: [],
  withdrawn: [],
};

export function canMove(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses that need a note for the applicant. */
export const NOTE_REQUIRED: ReadonlySet<ApplicationStatus> = new Set(["needs-info", "rejected"]);

/** Status names officers type or pass on the CLI: ASCII keys and Vietnamese words. */
const STATUS_WORDS: Record<string, ApplicationStatus> = {
  submitted: "submitted",
  "da nop": "submitted",
  received: "received",
  "tiep nhan": "received",
  tiepnhan: "received",
  "da tiep nhan": "received",
  "needs info": "needs-info",
  "bo sung": "needs-info",
  bosung: "needs-info",
  "can bo sung": "needs-info",
  proposed: "proposed",
  "de xuat": "proposed",
  dexuat: "proposed",
  "de xuat ho tro": "proposed",
  rejected: "rejected",
  "khong dat": "rejected",
  khongdat: "rejected",
  "khong du dieu kien": "rejected",
  withdrawn: "withdrawn",
  rut: "withdrawn",
  "da rut": "withdrawn",
};

/**
 * A status typed by an officer, already folded. Folding turns "needs-info" into
 * "needs info", so dashes, underscores and spaces are all read as one space.
 */
export function parseStatus(folded: string): ApplicationStatus | undefined {
  return STATUS_WORDS[folded.trim().replace(/[\s_-]+/g, " ")];
}
