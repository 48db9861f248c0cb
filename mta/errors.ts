/**
 * Errors an SMTP peer sees. Each carries its basic reply code and an enhanced status code, and its
 * text is deliberately bland: it goes on the wire, so it never includes internal details.
 */

export class SmtpReplyError extends Error {
  /** Read by smtp-server to choose the reply code. */
  readonly responseCode: number;

  constructor(code: number, enhanced: string, text: string) {
    super(`${enhanced} ${text}`);
    this.responseCode = code;
    this.name = "SmtpReplyError";
  }
}

/** The replies Hermod's listener gives, in one place so tests and docs can quote them. */
export const Replies = {
  shuttingDown: (host: string) => new SmtpReplyError(421, "4.3.2", `${host} Service shutting down, try again later`),
  tooManyConnectionsFrom: (host: string, ip: string) => new SmtpReplyError(421, "4.7.0", `${host} Error: too many connections from ${ip}`),
  serviceRefused: (host: string) => new SmtpReplyError(554, "5.7.1", `${host} does not accept mail from you`),
  insufficientStorage: () => new SmtpReplyError(452, "4.3.1", "Insufficient system storage"),
  sizeExceeded: () => new SmtpReplyError(552, "5.3.4", "Message size exceeds fixed limit"),
  tooManyRecipients: () => new SmtpReplyError(452, "4.5.3", "Error: too many recipients"),
  relayDenied: (rcpt: string) => new SmtpReplyError(554, "5.7.1", `<${rcpt}>: Relay access denied`),
  badRecipient: (rcpt: string) => new SmtpReplyError(501, "5.1.3", `<${rcpt}>: Bad recipient address syntax`),
  needSmtpUtf8: () => new SmtpReplyError(553, "5.6.7", "Must declare SMTPUTF8 to send unicode address"),
  tooManyHops: () => new SmtpReplyError(554, "5.4.0", "Error: too many hops"),
  queueWriteError: () => new SmtpReplyError(451, "4.3.0", "Queue file write error"),
  lineTooLong: () => new SmtpReplyError(500, "5.5.2", "Error: line too long"),
  authRequired: () => new SmtpReplyError(530, "5.7.0", "Authentication required"),
} as const;
