/**
 * What each point-and-click editor shows: the block's argument and its managed directives (the same
 * list as CONFIG_BLOCK_FIELDS, which the server enforces), with labels, hints and example values.
 */

import type { TConfigBlock, TConfigBlockKind } from "@/lib/schemas/config";

export type FieldType = "text" | "secret" | "bool" | "select" | "source-hosts" | "checklist";

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
    ],
    columns: ["smtp-source-host", "host-name", "max-smtp-out"],
  },
  {
    kind: "virtual-mta-pool",
    tab: "Pools",
    singular: "pool",
    argLabel: "Name",
    argPlaceholder: "pool1",
    fields: [{ name: "virtual-mta", label: "Member VirtualMTAs", type: "checklist", options: "virtual-mtas", hint: "used in rotation" }],
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
    ],
    columns: ["always-allow-relaying", "default-virtual-mta", "process-x-virtual-mta"],
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
    ],
    columns: ["source"],
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
