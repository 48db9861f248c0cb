/**
 * Block counts of a config, for `hermod config test` and the console: from the compiled config when it
 * compiled (includes and macros expanded), else from the main file's parse tree.
 */

import { configSummary, parseConfigText, type ConfigSummary, type MtaConfig } from "@/mta/index";
import type { TConfigSummaryItem } from "../schemas/config";

/** The engine's counts (configSummary) in display order, with the tag each is written with. */
const ITEMS: readonly { key: keyof ConfigSummary; label: string; tag: string }[] = [
  { key: "listeners", label: "listeners", tag: "smtp-listener" },
  { key: "sources", label: "sources", tag: "source" },
  { key: "domains", label: "domains", tag: "domain" },
  { key: "virtualMtas", label: "virtual MTAs", tag: "virtual-mta" },
  { key: "pools", label: "pools", tag: "virtual-mta-pool" },
  { key: "patternLists", label: "pattern lists", tag: "pattern-list" },
  { key: "smtpUsers", label: "SMTP users", tag: "smtp-user" },
  { key: "acctFiles", label: "accounting files", tag: "acct-file" },
];

export function summarizeConfig(config: MtaConfig | null, text: string): TConfigSummaryItem[] {
  if (config) {
    const counts = configSummary(config);
    return ITEMS.map(({ key, label }) => ({ key, label, count: counts[key] }));
  }
  const tags = new Map<string, number>();
  for (const node of parseConfigText(text, "hermod.conf").nodes) {
    // `smtp-listener` is a directive at the top level and a block for its TLS settings.
    const tag = node.type === "block" ? node.tag : node.name;
    tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  return ITEMS.map(({ key, label, tag }) => ({ key, label, count: tags.get(tag) ?? 0 }));
}

/** `listeners 1 · sources 2 · …` */
export function formatSummary(items: readonly TConfigSummaryItem[]): string {
  return items.map((i) => `${i.label} ${i.count}`).join(" · ");
}
