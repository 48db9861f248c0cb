/**
 * What each point-and-click editor shows: the block's argument and its managed directives (the same
 * list as CONFIG_BLOCK_FIELDS, which the server enforces), with labels, hints and example values.
 */

import type { TConfigBlock, TConfigBlockKind } from "@/lib/schemas/config";

/** `lines`: a repeatable directive, one text input (and one config line) per value. */
export type FieldType = "text" | "secret" | "bool" | "select" | "source-hosts" | "checklist" | "lines";

/** Where a select's or checklist's choices come from. */
export type OptionSource = "virtual-mtas" | "virtual-mtas-and-pools" | "named-sources";

export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  placeholder?: string;
  hint?: string;
  options?: OptionSource;
}

export interface KindSpec {
  kind: TConfigBlockKind;
  tab: string;
  singular: string;
  argLabel: string;
  argPlaceholder: string;
  argHint?: string;
  fields: FieldSpec[];
  /** Directives shown as columns of the block list. */
  columns: string[];
}

const bool = (name: string, hint?: string): FieldSpec => ({ name, label: name, type: "bool", hint });
const text = (name: string, placeholder: string, hint?: string): FieldSpec => ({ name, label: name, type: "text", placeholder, hint });
const secret = (name: string, placeholder: string, hint: string): FieldSpec => ({ name, label: name, type: "secret", placeholder, hint });

/** `domain-key` and `arc-seal`, in `<virtual-mta>` and `<virtual-mta-pool>` alike. */
const SIGNING_KEYS: FieldSpec[] = [
  {
    name: "domain-key",
    label: "domain-key",
    type: "lines",
    placeholder: "s1,example.com,/etc/hermod/dkim/s1.pem",
    hint: "DKIM key: SELECTOR,DOMAIN,FILE (DOMAIN may be *); the file is read and checked now",
  },
  text("arc-seal", "arc1,forwarder.example,/etc/hermod/arc/arc1.pem", "ARC sealing key for verified mail sent on: SELECTOR,DOMAIN,FILE (an RSA key)"),
];

export const KIND_SPECS: readonly KindSpec[] = [
  {
    kind: "virtual-mta",
    tab: "Virtual MTAs",
    singular: "VirtualMTA",
    argLabel: "Name",
    argPlaceholder: "vmta1",
    fields: [
      { name: "smtp-source-host", label: "Source addresses", type: "source-hosts", hint: "smtp-source-host: the IP mail leaves from and the HELO name used from it" },
      text("host-name", "mta1.example.com", "HELO name when a source address gives none"),
      text("max-smtp-out", "20", "connections across all of this VirtualMTA's queues"),
      ...SIGNING_KEYS,
    ],
    columns: ["smtp-source-host", "host-name", "max-smtp-out"],
  },
  {
    kind: "virtual-mta-pool",
    tab: "Pools",
    singular: "pool",
    argLabel: "Name",
    argPlaceholder: "pool1",
    fields: [{ name: "virtual-mta", label: "Member VirtualMTAs", type: "checklist", options: "virtual-mtas", hint: "used in rotation" }, ...SIGNING_KEYS],
    columns: ["virtual-mta"],
  },
  {
    kind: "domain",
    tab: "Domains",
    singular: "domain rule",
    argLabel: "Domain pattern",
    argPlaceholder: "*.example.com",
    argHint: "* · example.com · *.example.com · [*.]example.com",
    fields: [
      text("smtp-hosts", "[192.0.2.1]:25, mx.example.com", "send here instead of the MX hosts; `;` separates preference levels"),
      text("retry-after", "10m,20m,1h"),
      text("bounce-after", "4d12h"),
      text("max-smtp-out", "20"),
      bool("use-starttls"),
      bool("require-starttls", "defer rather than send in clear"),
      text("max-msg-per-connection", "100 or unlimited"),
      text("max-rcpt-per-transaction", "100"),
      text("queue-to", "example.com", "join another domain's queue"),
      text("queue-priority", "50", "0–100"),
      text("max-message-size", "25M"),
      bool("dkim-sign", "sign when a domain-key matches (default yes)"),
      text("dkim-identity", "sender-or-from or @example.com", "whose domain picks the key and becomes d= (default: the From address)"),
      text("auth-username", "relay-user", "SMTP AUTH towards the smarthost (with auth-password or auth-oauth2-token)"),
      secret("auth-password", "relay password", "stored in the config file, as PowerMTA does"),
      secret("auth-oauth2-token", "ya29.a0Af…", "XOAUTH2 bearer token, used instead of the password; not refreshed"),
      bool("use-unencrypted-plain-auth", "allow AUTH PLAIN/LOGIN without STARTTLS"),
    ],
    columns: ["smtp-hosts", "retry-after", "max-smtp-out"],
  },
  {
    kind: "source",
    tab: "Sources",
    singular: "source",
    argLabel: "CIDR or name",
    argPlaceholder: "10.0.0.0/8 or feeders",
    argHint: "who connects: an address range, or a name used by listeners and SMTP users",
    fields: [
      bool("always-allow-relaying"),
      text("max-message-size", "25M"),
      text("max-rcpt-per-message", "1000 or unlimited"),
      { name: "default-virtual-mta", label: "default-virtual-mta", type: "select", options: "virtual-mtas-and-pools" },
      bool("process-x-virtual-mta", "honour an X-Virtual-MTA header"),
      bool("process-x-job"),
      text("jobid-header", "X-Job"),
      text("pattern-list", "list name"),
      bool("smtp-service", "no: refuse the connection at the greeting"),
      bool("require-auth", "refuse MAIL FROM before SMTP AUTH (530 5.7.0)"),
      bool("allow-unencrypted-plain-auth", "offer AUTH PLAIN/LOGIN before STARTTLS"),
      text("smtp-max-auth-failure-rate", "5/10m", "failed AUTH attempts per client IP before 454 4.7.0"),
      text("max-smtp-in-msg-rate", "1000/1h", "messages accepted per client IP (450 4.7.1 over it)"),
      text("suppression-lists", "optouts, complaints", "names of suppression lists (see Suppression), separated by commas"),
      bool("accept-invalid-recipients", "accept a suppressed recipient and bounce it, instead of 550 at RCPT"),
      bool("verify-inbound-auth", "check SPF, DKIM, DMARC and ARC and add Authentication-Results"),
      text("verify-inbound-auth-timeout", "8s", "DNS wait before those checks say temperror"),
    ],
    columns: ["always-allow-relaying", "default-virtual-mta", "process-x-virtual-mta", "require-auth"],
  },
  {
    kind: "smtp-user",
    tab: "SMTP users",
    singular: "SMTP user",
    argLabel: "User name",
    argPlaceholder: "feeder1",
    fields: [
      { name: "password", label: "password", type: "secret", hint: "stored in the config file, as PowerMTA does" },
      { name: "source", label: "source", type: "select", options: "named-sources", hint: "the named <source> whose settings apply after AUTH" },
      {
        name: "allowed-mail-from",
        label: "allowed-mail-from",
        type: "lines",
        placeholder: "example.com, *.example.com",
        hint: "domains the user may send as (else 553 5.7.1); every line counts",
      },
      text("max-message-size", "25M"),
      text("max-smtp-in-msg-rate", "1000/1h", "messages accepted for this user (450 4.7.1 over it)"),
      secret("oauth2-token", "bearer token", "accepted with AUTH XOAUTH2; stored in the config file"),
    ],
    columns: ["source", "allowed-mail-from"],
  },
];

/** The value PowerMTA uses for a single-value directive: the last line wins. */
export function effectiveValue(block: TConfigBlock | undefined, name: string): string {
  const list = block?.values[name];
  return list?.[list.length - 1] ?? "";
}

/** Choices for selects and checklists, from the blocks of the file. */
export function optionsFor(source: OptionSource, blocks: readonly TConfigBlock[]): string[] {
  const args = (kind: TConfigBlockKind) => blocks.filter((b) => b.kind === kind).map((b) => b.arg);
  if (source === "virtual-mtas") return args("virtual-mta");
  if (source === "virtual-mtas-and-pools") return [...args("virtual-mta"), ...args("virtual-mta-pool")];
  // Named sources: not an address range.
  return args("source").filter((a) => !/^[\d.:/]+$/.test(a) && !a.includes(":"));
}
