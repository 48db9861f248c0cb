/** The results of the sending-domain health checks, as the console shows them (plain data, serialisable). */

export type CheckStatus = "pass" | "fail" | "warn";

/** A DNS record to publish (or ask the address's owner to publish, for PTR). */
export interface RecordToPublish {
  name: string;
  type: "PTR" | "A" | "AAAA" | "TXT";
  value: string;
}

export interface HealthCheck {
  kind: "fcrdns" | "spf" | "dkim" | "dmarc";
  /** e.g. "Forward-confirmed reverse DNS", "SPF for 192.0.2.1", "DKIM selector s1". */
  title: string;
  status: CheckStatus;
  /** What DNS answered, in words. */
  found: string;
  /** What the check concluded and, when it failed, what to do. */
  detail: string;
  /** The records that would make the check pass; absent when it passed or nothing can be suggested. */
  publish?: RecordToPublish[];
}

/** One source address of a VirtualMTA and the HELO name used from it. */
export interface VmtaHealth {
  vmta: string;
  ip: string;
  helo: string;
  checks: HealthCheck[];
}

export interface DomainHealth {
  domain: string;
  /** `s1 (domain-key, hermod.conf:12)`, `s2 (console)`. */
  keys: string[];
  checks: HealthCheck[];
}

export interface HealthReport {
  checkedAt: string;
  vmtas: VmtaHealth[];
  domains: DomainHealth[];
  /** Things that kept a target from being checked (no smtp-source-host, a `*` domain-key, …). */
  notes: string[];
}
