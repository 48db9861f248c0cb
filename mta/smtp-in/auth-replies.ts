/**
 * The replies of SMTP AUTH and of the sender restrictions that follow it (reliability.md P10, P11).
 * An unknown user and a wrong password get the same 535, so a client cannot enumerate accounts.
 */

import { SmtpReplyError } from "../errors";

export const AuthReplies = {
  encryptionRequired: () => new SmtpReplyError(538, "5.7.11", "Encryption required for requested authentication mechanism"),
  failed: () => new SmtpReplyError(535, "5.7.8", "Error: authentication failed"),
  throttled: () => new SmtpReplyError(454, "4.7.0", "Temporary authentication failure"),
  /** AUTH on a listener with no `<smtp-user>` accounts (Postfix's wording). */
  notEnabled: () => new SmtpReplyError(503, "5.5.1", "Error: authentication not enabled"),
  unknownMechanism: () => new SmtpReplyError(504, "5.5.4", "Unrecognized authentication type"),
  senderNotOwned: (address: string) => new SmtpReplyError(553, "5.7.1", `<${address}>: Sender address rejected: not owned by user`),
  saslTooLong: () => new SmtpReplyError(500, "5.5.6", "SASL response limit exceeded"),
  tooMuchMail: (who: string) => new SmtpReplyError(450, "4.7.1", `Error: too much mail from ${who}`),
} as const;
