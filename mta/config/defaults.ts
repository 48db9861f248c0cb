/**
 * Hermod's defaults for everything a config file may leave out, with PowerMTA's own default next to
 * each (UG5.0 §3.3). Where Hermod differs, the comment says why.
 */

import { hostname } from "node:os";
import type { AcctRecordType, DomainSettings, SourceSettings } from "./types";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * No `smtp-listener` → one listener on 127.0.0.1:2525. PowerMTA starts `0.0.0.0:25`; Hermod stays on
 * loopback and an unprivileged port so a fresh install is neither an open relay nor needs root.
 */
export const DEFAULT_LISTENER = { host: "127.0.0.1", port: 2525 } as const;

/** No `host-name` → the machine's name (PowerMTA does the same). */
export function defaultHostName(): string {
  return hostname() || "localhost";
}

/** No `postmaster` → `postmaster@<host-name>` (PowerMTA has none and asks you to set one). */
export function defaultPostmaster(hostName: string): string {
  return `postmaster@${hostName}`;
}

/**
 * `<source>` settings when no rule sets them. `alwaysAllowRelaying` is false here, but for the two
 * loopback addresses 127.0.0.1 and ::1 the default is true: PowerMTA's default lets only 127.0.0.1
 * feed (UG5.0 §2.3), and Hermod extends that to ::1. A rule that sets `always-allow-relaying`
 * explicitly (even `<source 0/0> always-allow-relaying no`) overrides this default for loopback too.
 */
export const DEFAULT_SOURCE_SETTINGS: Readonly<SourceSettings> = Object.freeze({
  /** PowerMTA: false. */
  alwaysAllowRelaying: false,
  /**
   * PowerMTA: unlimited. Hermod: 50M, so that a default install cannot be made to spool unbounded
   * messages; 50M is above every major mailbox provider's limit, so no legitimate mail is refused.
   */
  maxMessageSize: 50 * 1024 * 1024,
  /** PowerMTA: 0 (unlimited). Hermod: 1000, the same bound as `max-rcpt-per-transaction` outbound. */
  maxRcptPerMessage: 1000,
  /** PowerMTA: 100. */
  maxMessageHops: 100,
  /** PowerMTA: true. */
  smtpService: true,
  /** PowerMTA: false (UG5.0 §3.3.7.48): an X-Virtual-MTA header is left in the message and ignored. */
  processXVirtualMta: false,
  /** PowerMTA: false: a processed X-Virtual-MTA header is removed. */
  retainXVirtualMta: false,
  /** PowerMTA: false (UG5.0 §3.3.7.45). */
  processXJob: false,
  /** PowerMTA: false: a processed job header is removed. */
  retainXJob: false,
  /** PowerMTA: `x-job` (UG5.0 §3.3.7.46 names no other default). */
  jobIdHeader: "X-Job",
  /** PowerMTA: false. */
  hideMessageSource: false,
  /** PowerMTA: true. */
  addReceivedHeader: true,
  /** PowerMTA: false. */
  requireAuth: false,
  /** PowerMTA: false: PLAIN and LOGIN only over TLS. */
  allowUnencryptedPlainAuth: false,
  /** PowerMTA names no default; unlimited. */
  maxAuthFailureRate: null,
  /** Hermod extension; unlimited. */
  maxSmtpInMsgRate: null,
  suppressionLists: Object.freeze([]) as unknown as string[],
  /** PowerMTA: false. */
  acceptInvalidRecipients: false,
  /** Hermod extension; off: mail injected by the sender's own applications is not checked. */
  verifyInboundAuth: false,
  /** Hermod extension: far below the 10 minutes a client waits for the DATA reply (RFC 5321 §4.5.3.2.6). */
  verifyInboundAuthTimeout: 8_000,
});

/** Loopback addresses that may relay unless a rule says otherwise (see DEFAULT_SOURCE_SETTINGS). */
export const DEFAULT_RELAY_ADDRESSES: ReadonlySet<string> = new Set(["127.0.0.1", "::1"]);

/** A frozen empty list, typed as the mutable list the settings type declares. */
const noEntries = <T>(): T[] => Object.freeze([] as T[]) as T[];

/** `connect-timeout` (2m), `smtp-greeting-timeout` (5m), `data-send-timeout` (3m) when no `<domain>` sets them. */
export const DEFAULT_SMTP_TIMEOUTS = Object.freeze({ connect: 2 * MINUTE, greeting: 5 * MINUTE, data: 3 * MINUTE });

/** `backoff-max-smtp-out` (UG5.0 §3.3.10.75); see DEFAULT_DOMAIN_SETTINGS.backoffMaxSmtpOut. */
export const DEFAULT_BACKOFF_MAX_SMTP_OUT = 20;

/** `<domain>` settings when no rule (not even `<domain *>`) sets them. */
export const DEFAULT_DOMAIN_SETTINGS: Readonly<DomainSettings> = Object.freeze({
  /** PowerMTA: none (route by MX). */
  smtpHosts: null,
  /** PowerMTA: 10m (the stock config writes `retry-after 10m`); the last entry repeats. */
  retryAfter: Object.freeze([10 * MINUTE]) as number[],
  /** PowerMTA: 4d12h. */
  bounceAfter: 4 * DAY + 12 * HOUR,
  /** PowerMTA: 20. */
  maxSmtpOut: 20,
  /** PowerMTA: true (opportunistic STARTTLS). */
  useStarttls: true,
  /** PowerMTA: 0 (unlimited). */
  maxMsgPerConnection: 0,
  /** PowerMTA: 1000. */
  maxRcptPerTransaction: 1000,
  /** PowerMTA: 25. */
  defaultSmtpPort: 25,
  /** PowerMTA: 50 (UG5.0 §3.3.10.13, scale 0–100). */
  queuePriority: 50,
  /** PowerMTA: false (send in clear when the server offers no STARTTLS). */
  requireStarttls: false,
  /** PowerMTA: no per-destination limit (a Hermod extension); 0 = unlimited. */
  maxMessageSize: 0,
  /** PowerMTA: unlimited (UG5.0 §3.3.10.33). */
  maxMsgRate: null,
  /** PowerMTA: unlimited (UG5.0 §3.3.10.79). */
  maxConnectRate: null,
  /**
   * PowerMTA: the configured `max-msg-rate`, else unlimited (UG5.0 §3.3.10.34). Derived when the
   * settings are resolved (domain-settings.ts); null here because `max-msg-rate` defaults to unlimited.
   */
  backoffMaxMsgRate: null,
  /**
   * PowerMTA: 20 (UG5.0 §3.3.10.75). When no level sets it, Hermod resolves it to the smaller of 20 and
   * the effective `max-smtp-out` (domain-settings.ts): PowerMTA's guide gives a flat 20, which would let
   * a queue limited to `max-smtp-out 5` open 20 connections once it is in backoff — the opposite of
   * backing off. An explicit `backoff-max-smtp-out` is taken as written.
   */
  backoffMaxSmtpOut: DEFAULT_BACKOFF_MAX_SMTP_OUT,
  /** PowerMTA: the configured `max-connect-rate`, else unlimited (UG5.0 §3.3.10.84); derived like the msg rate. */
  backoffMaxConnectRate: null,
  /** PowerMTA: 1h (UG5.0 §3.3.10.40). */
  backoffRetryAfter: Object.freeze([HOUR]) as number[],
  /** PowerMTA: never (UG5.0 §3.3.10.44). */
  backoffToNormalAfter: null,
  /** PowerMTA: false (UG5.0 §3.3.10.45). */
  backoffToNormalAfterDelivery: false,
  /** UG5.0 §3.3.10.47; the guide's default is not confirmed here, Hermod takes 1h. */
  reenableSourceIpAfter: HOUR,
  /** PowerMTA: 10m (UG5.0 §3.3.10.41). */
  retryRecipientsAfter: 10 * MINUTE,
  /** PowerMTA: false (UG5.0 §3.3.10.60): without MX records, deliver to the domain's A/AAAA records. */
  bounceUponNoMx: false,
  /** PowerMTA: no (UG5.0 §3.3.10.58). */
  smtp421MeansMxUnavailable: false,
  /** PowerMTA: unlimited for every source address (UG5.0 §3.3.10.82). */
  sourceIpMaxMsgRate: noEntries<DomainSettings["sourceIpMaxMsgRate"][number]>(),
  /** PowerMTA: unlimited (UG5.0 §3.3.10.80). */
  sourceIpMaxConnectRate: noEntries<DomainSettings["sourceIpMaxConnectRate"][number]>(),
  /** PowerMTA: unlimited (UG5.0 §3.3.10.77). */
  sourceIpMaxSmtpOut: noEntries<DomainSettings["sourceIpMaxSmtpOut"][number]>(),
  /** PowerMTA: `0/d`, no diversion to cold VirtualMTAs (UG5.0 §3.3.10.48, §10.7). */
  maxColdVirtualMtaMsg: null,
  /** PowerMTA: 4h (UG5.0 §3.3.10.18). */
  notifyOfDelayEvery: 4 * HOUR,
  /** PowerMTA: yes (UG5.0 §3.3.10.19): mail is signed whenever a `domain-key` matches. */
  dkimSign: true,
});

/**
 * `total-max-smtp-out`: PowerMTA's default is 1200 with an Enterprise licence (a Standard licence caps
 * it at 200, UG5.0 §3.3.1.1). Hermod has no licence tiers and uses 1200.
 */
export const DEFAULT_TOTAL_MAX_SMTP_OUT = 1200;

/**
 * Startup ramp (`startup-ramp-interval`, `startup-ramp-fraction`; Hermod's names for 6.0r3's reported
 * "configurable startup", whose PowerMTA directives are unconfirmed). Default: no ramp, which is what
 * PowerMTA 5.x does and what a PowerMTA config expects; a ramp is opt-in because it slows every queue
 * after each restart, which an operator should choose knowingly. With only an interval, the limits
 * start at this fraction of their value.
 */
export const DEFAULT_STARTUP_RAMP_FRACTION = 0.1;

/** `<acct-file>` without `records` → `d,b` (PowerMTA's default). */
export const DEFAULT_ACCT_RECORDS: readonly AcctRecordType[] = Object.freeze(["d", "b"]);
