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
}

export interface CompileResult {
  /** Null when any diagnostic has severity "error": a broken file never half-applies. */
  config: MtaConfig | null;
  diagnostics: Diagnostic[];
}
