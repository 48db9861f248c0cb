/**
 * The compiled configuration the engine runs on. Produced by `compile.ts` from a PowerMTA-syntax file,
 * frozen, and replaced as a whole on reload. Durations are milliseconds, sizes are bytes.
 */

export type Severity = "error" | "warning";

/** Where a directive or block came from; every diagnostic and every compiled rule carries one. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export interface Diagnostic extends SourceLocation {
  severity: Severity;
  message: string;
}

/** `smtp-listener IP:PORT [source=NAME]` */
export interface ListenerConfig {
  host: string;
  port: number;
  /** Named `<source NAME>` whose settings apply to every session on this listener. */
  source?: string;
  origin: SourceLocation;
}

/** Settings of a `<source>` block, after merging general-to-specific. */
export interface SourceSettings {
  alwaysAllowRelaying: boolean;
  /** Bytes; 0 means unlimited. */
  maxMessageSize: number;
  /** 0 means unlimited. */
  maxRcptPerMessage: number;
  /** `max-message-hops`: more `Received:` headers than this is a loop (554 5.4.0). */
  maxMessageHops: number;
  /** `smtp-service no` refuses the session at the greeting. */
  smtpService: boolean;
  /** `default-virtual-mta NAME` (a VirtualMTA or a pool, lower-cased); absent means `{default}`. */
  defaultVirtualMta?: string;
  /** `process-x-virtual-mta`: honour an `X-Virtual-MTA` header (PowerMTA default: no). */
  processXVirtualMta: boolean;
  /** `retain-x-virtual-mta`: keep the header in the relayed message (default: stripped). */
  retainXVirtualMta: boolean;
  /** `process-x-job`: take the job id from the job header (PowerMTA default: no, UG5.0 §3.3.7.45). */
  processXJob: boolean;
  /** `retain-x-job`: keep the job header in the relayed message (default: stripped). */
  retainXJob: boolean;
  /** `jobid-header NAME` as written (default `X-Job`); header names compare case-insensitively. */
  jobIdHeader: string;
  /** `pattern-list NAME`: the `<pattern-list>` choosing VirtualMTAs for mail from this source. */
  patternList?: string;
  /** `hide-message-source`: leave the feeder's address out of the Received header. */
  hideMessageSource: boolean;
  /** `add-received-header` (default yes). */
  addReceivedHeader: boolean;
  /** `require-auth`: refuse MAIL FROM before SMTP AUTH (530 5.7.0). */
  requireAuth: boolean;
  /** `allow-unencrypted-plain-auth`: offer AUTH PLAIN/LOGIN before STARTTLS (default no: 538 5.7.11). */
  allowUnencryptedPlainAuth: boolean;
  /** `smtp-max-auth-failure-rate`: failed AUTH attempts per client IP before 454 4.7.0; null = unlimited. */
  maxAuthFailureRate: Rate | null;
  /** `max-smtp-in-msg-rate` (Hermod): messages accepted per client IP; null = unlimited. */
  maxSmtpInMsgRate: Rate | null;
  /** `suppression-lists NAME[, NAME…]`: suppression lists (by name, as written) checked for mail from this source. */
  suppressionLists: string[];
  /** `accept-invalid-recipients`: a suppressed recipient is accepted at RCPT, queued and bounced (default: refused with 550). */
  acceptInvalidRecipients: boolean;
  /** `verify-inbound-auth` (Hermod): check SPF, DKIM, DMARC and ARC at reception and add Authentication-Results (default no). */
  verifyInboundAuth: boolean;
  /** `verify-inbound-auth-timeout` (Hermod): ms the DATA reply waits for those DNS lookups before they say temperror. */
  verifyInboundAuthTimeout: number;
  /** The `<source>` block the settings came from last (its name, or its CIDR), for source-scoped suppression lists. */
  sourceName?: string;
}

export type SourceMatch = { kind: "cidr"; cidr: string } | { kind: "name"; name: string };

export interface SourceRule {
  match: SourceMatch;
  settings: Partial<SourceSettings>;
  origin: SourceLocation;
}

/** One destination of `smtp-hosts`: a host name or an IP literal, with an optional port. */
export interface SmtpHost {
  host: string;
  port?: number;
  /** True when written as `[a.b.c.d]` / `[IPv6:…]` (or as a bare IP): use the address as is, no MX/A lookup. */
  literal: boolean;
}

/** Settings of a `<domain>` block, after inheritance from `*` to the most specific pattern. */
export interface DomainSettings {
  /** `smtp-hosts`: preference levels (`;`), each a set of equal hosts (`,`); null means MX routing. */
  smtpHosts: SmtpHost[][] | null;
  /** `retry-after` list; the last entry repeats. */
  retryAfter: number[];
  bounceAfter: number;
  maxSmtpOut: number;
  useStarttls: boolean;
  /** 0 means unlimited. */
  maxMsgPerConnection: number;
  maxRcptPerTransaction: number;
  /** TCP port used for MX and A routes (`default-smtp-port`). */
  defaultSmtpPort: number;
  /** `connect-timeout` (PowerMTA default 2m). Absent means the default. */
  connectTimeout?: number;
  /** `smtp-greeting-timeout` (PowerMTA default 5m). Absent means the default. */
  greetingTimeout?: number;
  /** `data-send-timeout` (PowerMTA default 3m): the longest wait for any reply once connected. */
  dataTimeout?: number;
  /** `queue-to NAME`: this domain's mail joins the queue of domain NAME (shared limits). */
  queueTo?: string;
  /** `queue-priority` 0–100 (default 50): higher-priority queues get connections first. */
  queuePriority: number;
  /** `require-starttls`: defer rather than send in clear when TLS is not offered or fails. */
  requireStarttls: boolean;
  /** `auth-username` (SMTP AUTH towards a smarthost, auth-directives.ts); "" in a rule clears an inherited one. */
  authUsername?: string;
  /** `auth-password` for PLAIN, LOGIN or CRAM-MD5 (whichever the host offers first, in that order). */
  authPassword?: string;
  /** `auth-oauth2-token` (Hermod): a static bearer token for XOAUTH2; used instead of the password. Never refreshed. */
  authOauth2Token?: string;
  /** `use-unencrypted-plain-auth` (default no): allow sending the credentials without TLS. */
  useUnencryptedPlainAuth?: boolean;
  /**
   * `max-message-size` for this destination in bytes; 0 means unlimited (bounce 5.3.4 when over). A
   * Hermod extension: UG5.0 has `max-message-size` in `<source>` only.
   */
  maxMessageSize: number;

  // Traffic shaping and adaptive backoff (issue 4). A null rate means unlimited. The `backoff-*` limits
  // apply instead of the normal ones while the queue is in backoff mode (UG5.0 §10.3.2).
  /** `max-msg-rate` (UG5.0 §3.3.10.33): attempted recipients per interval for this queue. */
  maxMsgRate: Rate | null;
  /** `max-connect-rate` (§3.3.10.79): new connections per interval for this queue. */
  maxConnectRate: Rate | null;
  /**
   * `backoff-max-msg-rate` (§3.3.10.34). When no level of the inheritance chain sets it, it is the
   * effective `max-msg-rate` (PowerMTA: "equal to the configured max-msg-rate, else unlimited").
   */
  backoffMaxMsgRate: Rate | null;
  /**
   * `backoff-max-smtp-out` (§3.3.10.75; PowerMTA default 20). When no level sets it, Hermod uses the
   * smaller of 20 and the effective `max-smtp-out`, so that backoff never opens more connections than
   * normal mode does.
   */
  backoffMaxSmtpOut: number;
  /** `backoff-max-connect-rate` (§3.3.10.84); when no level sets it, the effective `max-connect-rate`. */
  backoffMaxConnectRate: Rate | null;
  /** `backoff-retry-after` list (§3.3.10.40, PowerMTA default 1h): replaces `retry-after` in backoff. */
  backoffRetryAfter: number[];
  /** `backoff-to-normal-after` (§3.3.10.44; PowerMTA default never, null). */
  backoffToNormalAfter: number | null;
  /** `backoff-to-normal-after-delivery` (§3.3.10.45, default no): leave backoff at the first delivery. */
  backoffToNormalAfterDelivery: boolean;
  /**
   * `backoff-reroute-to-virtual-mta NAME` (§3.3.10.50; a VirtualMTA or, 5.0r5+, a pool, lower-cased):
   * where the queue's mail goes while it is in backoff. Absent in resolved settings when unset or
   * cleared; in a rule's settings, "" is `backoff-reroute-to-virtual-mta ""`, which clears an inherited value.
   */
  backoffRerouteToVirtualMta?: string;
  /**
   * `smtp-pattern-list NAME` (§3.3.10.90, as written): the `<smtp-pattern-list>` matched against this
   * queue's remote replies. As for the reroute, "" in a rule clears an inherited value.
   */
  smtpPatternList?: string;
  /**
   * `reenable-source-ip-after` (§3.3.10.47): how long a `disable-source-ip` rule without its own
   * `reenable-after=` keeps the address out of the queue.
   */
  reenableSourceIpAfter: number;
  /** `retry-recipients-after` (§3.3.10.41, PowerMTA default 10m): retry of single recipients refused with 4xx. */
  retryRecipientsAfter: number;
  /**
   * `bounce-upon-no-mx` (§3.3.10.60): false (default, `no`/`never`) falls back to the A/AAAA records; 0
   * (`yes`) bounces at once; N ms bounces only messages queued for at least N.
   */
  bounceUponNoMx: false | number;
  /** `smtp-421-means-mx-unavailable` (§3.3.10.58, default no): a 421 makes Hermod try the next MX. */
  smtp421MeansMxUnavailable: boolean;
  /**
   * `source-ip-max-msg-rate CIDR RATE` (repeatable, §3.3.10.82): per source address of this queue.
   * Merged per CIDR along the inheritance chain (a more specific level replaces the same CIDR only) and
   * sorted most specific first in resolved settings: the first entry containing the source address applies.
   */
  sourceIpMaxMsgRate: { cidr: string; rate: Rate | null }[];
  /** `source-ip-max-connect-rate CIDR RATE` (repeatable, §3.3.10.80); merged and sorted like the above. */
  sourceIpMaxConnectRate: { cidr: string; rate: Rate | null }[];
  /**
   * `source-ip-max-smtp-out CIDR N` (repeatable, §3.3.10.77): connections per source address of this
   * queue; 0 (`unlimited`) means no limit. Merged and sorted like the above.
   */
  sourceIpMaxSmtpOut: { cidr: string; max: number }[];
  /**
   * `max-cold-virtual-mta-msg 1/day,2/day,…` (§3.3.10.48, §10.7): messages per destination domain and
   * day diverted to the cold VirtualMTAs, one entry per day in service; the last entry repeats. Null
   * (PowerMTA's default `0/d`) means no diversion.
   */
  maxColdVirtualMtaMsg: number[] | null;
  /**
   * `notify-of-delay-every` (§3.3.10.18, a `<domain>` directive in PowerMTA; default 4h): how often a
   * delay DSN is sent for recipients that asked for one (NOTIFY=DELAY). 0 (`never`) sends none.
   */
  notifyOfDelayEvery: number;
  /**
   * `dkim-sign` (UG5.0 §3.3.10.19): sign this destination's mail when a `domain-key` matches the
   * identity (PowerMTA's default: yes). `if-x-dkim-options-present` is not acted on.
   */
  dkimSign: boolean;
  /**
   * `dkim-identity` (§3.3.10.21): whose domain picks the key and becomes `d=`: `sender-or-from` (the
   * Sender header, else From), `@DOMAIN`/`DOMAIN`, or `USER@DOMAIN` (lower-cased domain). Absent: the From header.
   */
  dkimIdentity?: string;
}

/**
 * What a matching `<smtp-pattern-list>` rule does (UG5.0 §3.3.15; 5.0r5 adds `backoff-to-normal-after=`).
 * Only the actions written are present; the compiler rejects the combinations PowerMTA forbids.
 */
export interface SmtpPatternAction {
  /** `mode=backoff` / `mode=normal`: switch the queue's mode. */
  mode?: "backoff" | "normal";
  /** `backoff-to-normal-after=T` (only with mode=backoff): overrides the domain's `backoff-to-normal-after`. */
  backoffToNormalAfter?: number;
  /** `disable-source-ip`: stop using the source address that got the reply, for this queue. */
  disableSourceIp?: boolean;
  /** `reenable-after=T` (only after disable-source-ip): when the address is used again (default: the queue's `reenable-source-ip-after`). */
  reenableAfter?: number;
  /** `skip-mx`: try the next MX, keeping the mail queued, even for a 5xx. */
  skipMx?: boolean;
  /** `bounce-rcpt`: a 4xx to RCPT bounces that recipient. */
  bounceRcpt?: boolean;
  /** `bounce-queue`: bounce everything in the queue. */
  bounceQueue?: boolean;
  /** `defer-queue`: put the queue into retry mode now (backoff alone does not). */
  deferQueue?: boolean;
}

/** `<smtp-pattern-list NAME>` with `reply /REGEX/ ACTION[,ACTION…]` lines; first match wins. */
export interface SmtpPatternListConfig {
  /** As written (referred to by `smtp-pattern-list NAME`, compared exactly like `<pattern-list>` names). */
  name: string;
  /** `pattern` as for PatternRule: case-insensitive unless the regex starts with `(?-i)`. */
  rules: { pattern: { source: string; flags: string }; action: SmtpPatternAction; origin: SourceLocation }[];
  origin: SourceLocation;
}

/** `<mx-rollup-list>` line `mx MX-PATTERN NAME.rollup [rollup-by-ip]` (UG5.0 §10.17), in file order. */
export interface MxRollupRule {
  /**
   * A domain pattern (lower-cased, IDN in punycode) matched against the lowest-preference MX host names:
   * an exact name (`mx1.hotmail.com`), `*.google.com` or `[*.]google.com`.
   */
  mxPattern: string;
  /** The queue domain the matching destinations share, lower-cased; always ends in `.rollup`. */
  name: string;
  /**
   * `rollup-by-ip`: match on the addresses the MX names resolve to, and route the rollup queue to the
   * original domain's hosts. Without it, a wildcard rule's queue needs `smtp-hosts` in `<domain NAME>`.
   */
  byIp: boolean;
  origin: SourceLocation;
}

/**
 * `<bounce-category-patterns>` line `/regex/ category` (UG5.0 §10.8), in file order, first match wins:
 * consulted before the default patterns.
 */
export interface BounceCategoryPattern {
  /** As for PatternRule: case-insensitive unless the regex starts with `(?-i)`; `//` matches everything. */
  pattern: { source: string; flags: string };
  /**
   * Lower-cased, `[a-z0-9-]+`: one of PowerMTA's 17 categories, `success`, or a new name (PowerMTA
   * allows them; the compiler warns, since the console's reports group by the known ones).
   */
  category: string;
  origin: SourceLocation;
}

export interface DomainRule {
  /** As written (lower-cased, IDN in punycode): `*`, `example.com`, `*.example.com`, `[*.]example.com`. */
  pattern: string;
  settings: Partial<DomainSettings>;
  origin: SourceLocation;
  /**
   * True when the pattern came from a `domain-macro` expansion (`<domain $isp>`). For the same pattern an
   * explicitly listed block always beats an expanded one, whatever the file order (PowerMTA §3.3.10).
   */
  fromMacro?: boolean;
}

/** `N/[M]unit` (`100/h`, `83/10m`): at most `count` events per `perMs` milliseconds. `unlimited` is null. */
export interface Rate {
  count: number;
  perMs: number;
}

/** `N[b|k|m|g|t]/[M]unit` (`12M/m`, `2g/10h`): at most `bytes` per `perMs` milliseconds. */
export interface DataVolumeRate {
  bytes: number;
  perMs: number;
}

export type AcctRecordType = "d" | "b" | "t" | "tq" | "r" | "f" | "rb" | "rs";

/** `<acct-file PATH>` with `records`. */
export interface AcctFileConfig {
  path: string;
  records: AcctRecordType[];
  origin: SourceLocation;
}

/** `smtp-source-host IP HOSTNAME`: an outbound source address and the HELO name used from it. */
export interface SourceHostConfig {
  /** Canonical text (`192.0.2.1`, `2001:db8::1`). */
  ip: string;
  /** As written, lower-cased; when the line gives none, the VirtualMTA's `host-name`, else the global one. */
  hostName: string;
}

/** DKIM signing algorithm of a key, from the key's type (RFC 6376 rsa-sha256, RFC 8463 ed25519-sha256). */
export type DkimAlgorithm = "rsa-sha256" | "ed25519-sha256";

/** `domain-key SELECTOR,DOMAIN,FILE` (global, `<virtual-mta>` or `<virtual-mta-pool>`), or a console key. */
export interface DomainKeyConfig {
  selector: string;
  /** Lower-cased; `*` signs for any identity domain (then `d=` is the identity's domain). */
  domain: string;
  /** Absolute path of the PEM file, or `console:ID` for a key stored in the console. */
  file: string;
  algorithm: DkimAlgorithm;
  /** The private key (PKCS#8 or PKCS#1 PEM), read when the configuration is loaded. */
  privateKeyPem: string;
  origin: SourceLocation;
}

/** `<virtual-mta NAME>` */
export interface VirtualMtaConfig {
  /** Lower-cased. */
  name: string;
  /** Used in rotation, one per new connection; empty means the OS chooses the address. */
  sourceHosts: SourceHostConfig[];
  /** `host-name`: HELO name when a source host gives none; defaults to the global host-name. */
  hostName?: string;
  /** `max-smtp-out` across all of this VirtualMTA's queues; absent means unlimited. */
  maxSmtpOut?: number;
  /** `max-smtp-msg-rate` (UG5.0 §3.3.12.2) across all of this VirtualMTA's queues; null means unlimited. */
  maxSmtpMsgRate: Rate | null;
  /**
   * `cold-virtual-mta NAME` (repeatable, round-robin; UG5.0 §3.3.12.4, §10.7): while warming up, the
   * first messages per destination domain and day (`max-cold-virtual-mta-msg`) go through these
   * VirtualMTAs instead. Lower-cased, each a defined VirtualMTA (not a pool), in file order.
   */
  coldVirtualMtas: string[];
  /** `domain-key` lines of this VirtualMTA, in file order; searched before the pool's and the global ones. */
  domainKeys?: DomainKeyConfig[];
  /** `arc-seal SELECTOR,DOMAIN,FILE` (Hermod): ARC-seal verified mail sent through this VirtualMTA; before the pool's and the global one. */
  arcSeal?: DomainKeyConfig;
  /** Nested `<domain>` blocks: override the global ones for this VirtualMTA's queues. */
  domains: DomainRule[];
  origin: SourceLocation;
}

/** `<virtual-mta-pool NAME>` with `virtual-mta NAME` members, used in rotation. */
export interface VirtualMtaPoolConfig {
  /** Lower-cased; shares one namespace with VirtualMTA names. */
  name: string;
  /** VirtualMTA names (lower-cased, each defined, no pools), in file order. */
  members: string[];
  /** `max-smtp-msg-rate` (UG5.0 §3.3.13.5) for the pool; null means unlimited. */
  maxSmtpMsgRate: Rate | null;
  /** `cold-virtual-mta NAME` (repeatable, UG5.0 §3.3.13): as for a VirtualMTA, when the pool is selected. */
  coldVirtualMtas: string[];
  /** `domain-key` lines of this pool, searched after the member VirtualMTA's and before the global ones. */
  domainKeys?: DomainKeyConfig[];
  /** `arc-seal` of this pool (Hermod), used when the member VirtualMTA has none. */
  arcSeal?: DomainKeyConfig;
  /** Nested `<domain>` blocks, inherited by member VirtualMTAs (a member's own block wins). */
  domains: DomainRule[];
  origin: SourceLocation;
}

/** One rule of a `<pattern-list>`: first match wins. */
export interface PatternRule {
  /** `mail-from /re/`, `rcpt-to /re/`, `header NAME /re/`, or `*` (always matches). */
  field: "mail-from" | "rcpt-to" | "header" | "*";
  /** Header name for `header` rules, lower-cased. */
  header?: string;
  /**
   * Ready for `new RegExp(source, flags)`: the text between the slashes, and `i` because PowerMTA matches
   * case-insensitively; a leading `(?-i)` (case-sensitive, which JavaScript cannot write inline) is
   * removed from `source` and leaves `flags` empty. Absent for `*`.
   */
  pattern?: { source: string; flags: string };
  /**
   * `virtual-mta=NAME` (a VirtualMTA or a pool, lower-cased). Absent when the rule's results are ones
   * Hermod does not act on yet (`recipient-priority=`, `call-to:`, a conditional nested list): the rule
   * still matches first, so a message it matches keeps its source's default VirtualMTA.
   */
  virtualMta?: string;
  origin: SourceLocation;
}

/** `<pattern-list NAME>` */
export interface PatternListConfig {
  /** As written (names are case-sensitive, like `<source NAME>`). */
  name: string;
  rules: PatternRule[];
  origin: SourceLocation;
}

/** `<smtp-user NAME>` */
export interface SmtpUserConfig {
  name: string;
  /** `password`: as written (PowerMTA stores it in clear); a `{bcrypt}…` value is a hash. */
  password?: string;
  /** `source NAME`: the named `<source>` whose settings apply after authentication. */
  source?: string;
  /** `allowed-mail-from` (Hermod): domains (lower-case A-labels, `*.example.com` for subdomains) the user may send as. */
  allowedMailFrom?: string[];
  /** `max-message-size` (Hermod, per user): bytes, 0 = unlimited; overrides the source's. */
  maxMessageSize?: number;
  /** `max-smtp-in-msg-rate` (Hermod, per user): messages accepted for this user; null = unlimited. */
  maxSmtpInMsgRate?: Rate | null;
  /** `oauth2-token` (Hermod): a static bearer token accepted with AUTH XOAUTH2. */
  oauth2Token?: string;
  origin: SourceLocation;
}

/** `smtp-server-tls-certificate FILE [PASSWORD]`: PEM holding the certificate chain and its key. */
export interface TlsCertificateConfig {
  /** Absolute path (relative paths resolve against the config file's directory). */
  file: string;
  password?: string;
  origin: SourceLocation;
}

export interface MtaConfig {
  /** `host-name`: greeting, HELO and Reporting-MTA name. */
  hostName: string;
  /** `postmaster`: address shown in DSNs and used for double-bounce notices. */
  postmaster: string;
  listeners: ListenerConfig[];
  sources: SourceRule[];
  domains: DomainRule[];
  acctFiles: AcctFileConfig[];
  /** STARTTLS certificate for every listener; absent means STARTTLS is not offered. */
  tlsCertificate?: TlsCertificateConfig;
  virtualMtas: VirtualMtaConfig[];
  pools: VirtualMtaPoolConfig[];
  /** Global `domain-key` lines in file order, then the keys stored in the console (merged by lib at load). */
  domainKeys?: DomainKeyConfig[];
  /** Global `arc-seal` (Hermod), used when neither the VirtualMTA nor its pool has one. */
  arcSeal?: DomainKeyConfig;
  patternLists: PatternListConfig[];
  smtpUsers: SmtpUserConfig[];
  /** `total-max-smtp-out`: outbound connections across all queues (PowerMTA Enterprise default 1200). */
  totalMaxSmtpOut: number;
  smtpPatternLists: SmtpPatternListConfig[];
  /** Every `<mx-rollup-list>` block's rules, in file order. */
  mxRollups: MxRollupRule[];
  /** Every `<bounce-category-patterns>` block's rules, in file order. */
  bounceCategoryPatterns: BounceCategoryPattern[];
  /**
   * Configurable startup (reported for 6.0r3, whose directive names are unconfirmed; Hermod names them
   * `startup-ramp-interval` and `startup-ramp-fraction`): after a start, connection and rate limits grow
   * from `fraction` (0 < fraction ≤ 1) of their value to the full value over `interval` ms (> 0).
   * Null (the default): no ramp.
   */
  startupRamp: { interval: number; fraction: number } | null;
  /** The management HTTP service (status documents, /metrics, operator commands). */
  http: HttpMgmtConfig;
  /** `<feedback-loop-processor>` and `<bounce-processor>` blocks in file order (compile-processors.ts); absent: none. */
  processors?: ProcessorConfig[];
}

export type ProcessorKind = "feedback-loop" | "bounce";

/** One line of a processor's `<address-list>`: a full address, a local part (any domain), a domain, or a regex. */
export type ProcessorAddress =
  | { kind: "address" | "local-part" | "domain"; value: string }
  | { kind: "regex"; source: string; flags: string };

export interface ProcessorConfig {
  kind: ProcessorKind;
  /** `deliver-matched-email` (no): also deliver a recognised report to its recipients. */
  deliverMatchedEmail: boolean;
  /** `deliver-unmatched-email` (yes): deliver mail that is not a recognised report to its recipients. */
  deliverUnmatchedEmail: boolean;
  /** `forward-unmatched-to`: where unrecognised mail goes instead. */
  forwardUnmatchedTo?: string;
  /** `forward-errors-to`: where mail that failed processing goes. */
  forwardErrorsTo?: string;
  addresses: ProcessorAddress[];
  origin: SourceLocation;
}

/** `http-access CIDR LEVEL`: PowerMTA's levels; `none` refuses, `monitor` reads, `operator` also acts, `admin` all. */
export type HttpAccessLevel = "none" | "monitor" | "operator" | "admin";

export interface HttpMgmtConfig {
  /** `http-mgmt-port` (PowerMTA's default 8080); 0 disables the service. */
  port: number;
  /** `http-access CIDR LEVEL` lines in file order; the first match wins; no match = none. */
  access: { cidr: string; level: HttpAccessLevel }[];
  /** `http-api-key KEY` values (32-128 of [A-Za-z0-9_]); a request with one of them as X-API-Key is admin. */
  apiKeys: string[];
}

/** What a VirtualMTA name stands for (`resolveVirtualMta`). */
export type ResolvedVirtualMta =
  | { kind: "virtual-mta"; vmta: VirtualMtaConfig }
  | { kind: "pool"; pool: VirtualMtaPoolConfig; members: readonly VirtualMtaConfig[] };

/** Counts per block type (`configSummary`), for the console's overview. */
export interface ConfigSummary {
  /** Including the implicit 127.0.0.1:2525 listener of a file that names none. */
  listeners: number;
  sources: number;
  /** `<domain>` blocks acted on, wherever they are; a block written with a domain-macro counts once. */
  domains: number;
  virtualMtas: number;
  pools: number;
  patternLists: number;
  smtpUsers: number;
  acctFiles: number;
  smtpPatternLists: number;
  /** `mx` rules across every `<mx-rollup-list>`. */
  mxRollups: number;
  /** Rules across every `<bounce-category-patterns>`. */
  bounceCategoryPatterns: number;
}

export interface CompileResult {
  /** Null when any diagnostic has severity "error": a broken file never half-applies. */
  config: MtaConfig | null;
  diagnostics: Diagnostic[];
}
