/**
 * Limits that several places state or enforce, one constant each: the check
 * and every sentence that names the figure read it from here.
 */

/** The largest photo or file taken from an owner (the form's licence, supplements): one phone photo with room to spare. */
export const MAX_ATTACHMENT_MB = 10;
export const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;

/** How many of the newest applications an officer's "ds" lists in the chat (the CLI and export give all). */
export const OFFICER_LIST_NEWEST = 20;
