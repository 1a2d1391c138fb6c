import type { Application, Contact, QuestionLogEntry } from "../domain/records.ts";
import { inScope, type OfficerScope } from "../engine/officers.ts";

/** The province an application belongs to: the one its form answer names. */
export function provinceOfApplication(app: Pick<Application, "answers">): string | undefined {
  const province = app.answers.province;
  return typeof province === "string" ? province : undefined;
}

/** The applications, messages and questions one officer may see and act on (issue 17); a national officer sees all. */
export function visibleApplications<T extends Pick<Application, "answers">>(scope: OfficerScope | undefined, apps: T[]): T[] {
  return apps.filter((a) => inScope(scope, provinceOfApplication(a)));
}

export function canActOnApplication(scope: OfficerScope | undefined, app: Pick<Application, "answers">): boolean {
  return inScope(scope, provinceOfApplication(app));
}

export function canSeeRecord(scope: OfficerScope | undefined, record: Pick<Contact | QuestionLogEntry, "province">): boolean {
  return inScope(scope, record.province);
}
