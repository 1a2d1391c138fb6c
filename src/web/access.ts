import type { Application } from "../domain/records.ts";
import type { ApplicationQuery } from "../domain/application-query.ts";
import { officerScope, type OfficerDirectory } from "../engine/officers.ts";
import type { OfficerId } from "./sign-in-links.ts";

/** An officer signed in to the web page. */
export interface WebOfficer extends OfficerId {
  displayName?: string;
}

/** How the history and the record of actions name an officer: "telegram:123 (Chị Hoa)", as the chat commands do. */
export function officerLabel(officer: WebOfficer): string {
  return `${officer.channel}:${officer.userId}${officer.displayName ? ` (${officer.displayName})` : ""}`;
}

/** The server's operator: links printed by `npm run officer -- web-link` (only someone holding WEB_SECRET can make one). */
export const OPERATOR: OfficerId = { channel: "terminal", userId: "operator" };

/** Whether this identity may use the web page now (an officer removed from the config loses it at the next request). */
export function isWebOfficer(officers: OfficerDirectory, officer: OfficerId): boolean {
  return (officer.channel === OPERATOR.channel && officer.userId === OPERATOR.userId) || officers.isOfficer(officer.channel, officer.userId);
}

/**
 * The provinces an officer may see, undefined for all: the same scope as the
 * chat commands and the CLI (officers per province, OFFICERS_FILE). The
 * operator at the server sees all. The list, counts, export, overview and one
 * application all go through here.
 */
export function provincesOf(officers: OfficerDirectory, officer: WebOfficer): string[] | undefined {
  if (officer.channel === OPERATOR.channel && officer.userId === OPERATOR.userId) return undefined;
  const scope = officerScope(officers, officer.channel, officer.userId);
  if (!scope) return [];
  return scope.all ? undefined : scope.provinces;
}

/** The one authorization check for a single application (its page, actions, attachments). */
export function canSeeApplication(officers: OfficerDirectory, officer: WebOfficer, app: Application): boolean {
  const provinces = provincesOf(officers, officer);
  return provinces === undefined || (typeof app.answers.province === "string" && provinces.includes(app.answers.province));
}

/** A message to officers or an unanswered question, by the province it carries (none: the national role only). */
export function canSeeRecord(officers: OfficerDirectory, officer: WebOfficer, record: { province?: string }): boolean {
  const provinces = provincesOf(officers, officer);
  return provinces === undefined || (record.province !== undefined && provinces.includes(record.province));
}

/** A list query narrowed to what the officer may see. */
export function scopedQuery(officers: OfficerDirectory, officer: WebOfficer, query: ApplicationQuery): ApplicationQuery {
  const provinces = provincesOf(officers, officer);
  return provinces === undefined ? query : { ...query, provinces };
}
