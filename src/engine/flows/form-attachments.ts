import { MAX_ATTACHMENT_BYTES } from "../../domain/limits.ts";
import { FORM_MSG } from "../form-messages.ts";
import type { Attachment } from "../types.ts";

/** The form's attachment policy: photos and PDF (or common image files), up to MAX_ATTACHMENT_MB. */
const DOCUMENT_TYPES = /^(application\/pdf|image\/(jpeg|png|webp|heic))$/;

/** Why an attachment is refused, or undefined when it is taken. A size or type the platform did not give is not held against it. */
export function attachmentProblem(attachment: Attachment): string | undefined {
  if (attachment.sizeBytes !== undefined && attachment.sizeBytes > MAX_ATTACHMENT_BYTES) return FORM_MSG.attachmentTooBig;
  if (attachment.type === "document" && attachment.mimeType && !DOCUMENT_TYPES.test(attachment.mimeType)) return FORM_MSG.attachmentType;
  return undefined;
}
