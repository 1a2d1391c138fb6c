import type { Application } from "../domain/records.ts";
import type { ApplicationQuery } from "../domain/application-query.ts";
import { officerScope, type OfficerDirectory, type OfficerScope } from "../engine/officers.ts";
import { canActOnApplication, canSeeRecord as recordInScope } from "../officer/scope.ts";
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

const isOperator = (officer: OfficerId) => officer.channel === OPERATOR.channel && officer.userId === OPERATOR.userId;

/**
 * What an officer may see on the web page: the same scope as the chat
 * commands and the CLI (officers per province, OFFICERS_FILE); the operator at
 * the server sees all; undefined for someone who is no officer (now: an
 * officer removed from the config loses the page at the next request).
 */
function webScope(officers: OfficerDirectory, officer: OfficerId): OfficerScope | undefined {
  return isOperator(officer) ? { all: true } : officerScope(officers, officer.channel, officer.userId);
}

/** Whether this identity may use the web page now. */
export function isWebOfficer(officers: OfficerDirectory, officer: OfficerId): boolean {
  return webScope(officers, officer) !== undefined;
}

/** The provinces an officer may see, undefined for all: the list, counts, export and overview narrow by it. */
export function provincesOf(officers: OfficerDirectory, officer: WebOfficer): string[] | undefined {
  const scope = webScope(officers, officer);
  if (!scope) return [];
  return scope.all ? undefined : scope.provinces;
}

/** The one authorization check for a single application (its page, actions, attachments). */
export function canSeeApplication(officers: OfficerDirectory, officer: WebOfficer, app: Application): boolean {
  return canActOnApplication(webScope(officers, officer), app);
}

/** A message to officers or an unanswered question, by the province it carries (none: the national role only). */
export function canSeeRecord(officers: OfficerDirectory, officer: WebOfficer, record: { province?: string }): boolean {
  return recordInScope(webScope(officers, officer), record);
}

/** A list query narrowed to what the officer may see. */
export function scopedQuery(officers: OfficerDirectory, officer: WebOfficer, query: ApplicationQuery): ApplicationQuery {
  const provinces = provincesOf(officers, officer);
  return provinces === undefined ? query : { ...query, provinces };
}
