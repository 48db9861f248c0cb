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
  /**
   * `max-message-size` for this destination in bytes; 0 means unlimited (bounce 5.3.4 when over). A
   * Hermod extension: UG5.0 has `max-message-size` in `<source>` only.
   */
  maxMessageSize: number;
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
  patternLists: PatternListConfig[];
  smtpUsers: SmtpUserConfig[];
  /** `total-max-smtp-out`: outbound connections across all queues (PowerMTA Enterprise default 1200). */
  totalMaxSmtpOut: number;
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
}

export interface CompileResult {
  /** Null when any diagnostic has severity "error": a broken file never half-applies. */
  config: MtaConfig | null;
  diagnostics: Diagnostic[];
}
