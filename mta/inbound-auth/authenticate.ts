/**
 * Inbound authentication (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC, RFC 8617 ARC) of one received
 * message with mailauth, as a milter would do it between the end of DATA and the reply: the result is
 * an RFC 8601 `Authentication-Results` header whose authserv-id is our host name, plus what ARC sealing
 * needs at delivery. Bounded in time: DNS that does not answer within `timeoutMs` gives temperror
 * results, never a hung session, and a message is never refused for its results here.
 */

import type { Readable } from "node:stream";
import mailauth from "mailauth/lib/mailauth.js";
import { LookupDeadline, type AuthDns } from "./dns";

/** How long a message waits for its DNS answers before the results say temperror. */
export const DEFAULT_INBOUND_AUTH_TIMEOUT_MS = 8_000;
/** Extra time after the DNS deadline for the checks themselves before the results are given up. */
export const GRACE_MS = 1_000;

export type ArcCv = "none" | "pass" | "fail";

export interface InboundAuthOptions {
  /** The SMTP client's address. */
  ip: string;
  /** Its HELO/EHLO name. */
  helo: string;
  /** MAIL FROM ("" for the null sender). */
  mailFrom: string;
  /** Our authserv-id: the configured `host-name`. */
  hostName: string;
  resolver: AuthDns;
  timeoutMs?: number;
}

export interface InboundAuthResults {
  spf: string;
  dkim: { result: string; domain?: string; selector?: string }[];
  dmarc: string;
  arc: string;
  /** The ARC instance of the incoming chain (0 for none). */
  arcInstance: number;
  /** Some lookup was cut off by the deadline (its check says temperror). */
  timedOut: boolean;
}

export interface InboundAuth {
  /** `Authentication-Results: …` ending in CRLF, ready to prepend. */
  header: string;
  results: InboundAuthResults;
  /**
   * For an ARC seal added when the message is forwarded: the results (authserv-id first) that the
   * ARC-Authentication-Results repeats, and the chain validation status; null when the chain could
   * not be validated in time (sealing it `fail` would break it for good).
   */
  arc: { authResults: string; cv: ArcCv } | null;
}

/**
 * Checks `content` (the whole message, or a stream of it: the timeout then starts when it ends).
 * Never rejects for DNS trouble; rejects only if the content itself cannot be read.
 */
export async function authenticateInbound(content: Buffer | Readable, opts: InboundAuthOptions): Promise<InboundAuth> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_INBOUND_AUTH_TIMEOUT_MS;
  const deadline = new LookupDeadline(timeoutMs);
  if (Buffer.isBuffer(content)) deadline.arm();
  else content.once("end", () => deadline.arm());
  const hostName = opts.hostName;
  let giveUp: NodeJS.Timeout | null = null;
  try {
    const checked = mailauth.authenticate(content, {
      ip: opts.ip,
      helo: opts.helo || opts.ip,
      sender: opts.mailFrom,
      mta: hostName,
      resolver: deadline.wrap(opts.resolver),
      disableBimi: true,
    });
    // The checks after the DNS deadline are CPU work; if they still do not end, the results are lost.
    const late = deadline.passed().then(
      () => new Promise<null>((resolve) => (giveUp = setTimeout(() => resolve(null), GRACE_MS))),
    );
    const result = await Promise.race([checked, late]);
    if (!result) {
      checked.catch(() => undefined);
      return timedOutAuth(opts);
    }
    const timedOut = deadline.expired;
    const arcResult = result.arc ? result.arc.status.result : "none";
    const authResults = result.arc && result.arc.authResults ? result.arc.authResults : resultsValueOf(result.headers, hostName);
    const results: InboundAuthResults = {
      spf: result.spf ? result.spf.status.result : "none",
      dkim: (result.dkim.results ?? []).map((r) => ({
        result: r.status.result,
        ...(r.signingDomain ? { domain: r.signingDomain } : {}),
        ...(r.selector ? { selector: r.selector } : {}),
      })),
      dmarc: result.dmarc ? result.dmarc.status.result : "none",
      arc: arcResult,
      arcInstance: result.arc && typeof result.arc.i === "number" ? result.arc.i : 0,
      timedOut,
    };
    const cv = arcResult === "pass" || arcResult === "fail" ? arcResult : "none";
    // RFC 8617 §5.1: a chain whose last seal already says cv=fail is not sealed again; nor one that
    // failed only because its keys could not be looked up in time (that would break it for good).
    const shouldSeal = result.arc ? result.arc.status.shouldSeal === true : false;
    const sealable = cv !== "fail" || (shouldSeal && !timedOut);
    return { header: `Authentication-Results: ${authResults}\r\n`, results, arc: sealable ? { authResults, cv } : null };
  } finally {
    if (giveUp) clearTimeout(giveUp);
    deadline.dispose();
  }
}

/** The Authentication-Results value in mailauth's header lines (the last header there). */
function resultsValueOf(headers: string, hostName: string): string {
  const at = headers.search(/^Authentication-Results:/im);
  if (at < 0) return `${hostName}; none`;
  return headers.slice(at + "Authentication-Results:".length).replace(/\r\n$/, "").trim();
}

/** Every check temperror: the checks did not end in time. */
export function timedOutAuth(opts: Pick<InboundAuthOptions, "hostName">): InboundAuth {
  const reason = "(checks did not complete in time)";
  const value = `${opts.hostName};\r\n spf=temperror ${reason};\r\n dkim=temperror ${reason};\r\n dmarc=temperror ${reason}`;
  return {
    header: `Authentication-Results: ${value}\r\n`,
    results: { spf: "temperror", dkim: [], dmarc: "temperror", arc: "none", arcInstance: 0, timedOut: true },
    arc: null,
  };
}
