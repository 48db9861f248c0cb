/** What a suppressed recipient gets: at RCPT (refused) and in the `b` record when it is queued and bounced. */

import { SmtpReplyError } from "../errors";

export const SUPPRESSED_STATUS = "5.7.1";

export function suppressedText(list: string): string {
  return `recipient is in suppression list "${list}"`;
}

/** `550 5.7.1 recipient is in suppression list "NAME"`. */
export function suppressedReply(list: string): SmtpReplyError {
  return new SmtpReplyError(550, SUPPRESSED_STATUS, suppressedText(list));
}
