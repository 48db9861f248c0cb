/**
 * Whether a DMARC record exists for a domain: `_dmarc.DOMAIN`, or, as receivers do (RFC 7489 §6.6.3),
 * the organisational domain's. The organisational domain is approximated by the parent domains down to
 * the last two labels (no public-suffix list), which finds `_dmarc.example.com` for `mail.example.com`.
 */

import { lookup, type HealthResolver } from "./resolver";
import type { HealthCheck } from "./types";

/** The starter record: monitoring only, aggregate reports to the domain's postmaster. */
export function dmarcStarter(domain: string): string {
  return `v=DMARC1; p=none; rua=mailto:postmaster@${domain}`;
}

function candidates(domain: string): string[] {
  const labels = domain.split(".");
  const out: string[] = [];
  for (let i = 0; labels.length - i >= 2; i++) out.push(labels.slice(i).join("."));
  return out;
}

export async function checkDmarc(domain: string, resolver: HealthResolver, timeoutMs: number): Promise<HealthCheck> {
  const title = "DMARC";
  const publish = [{ name: `_dmarc.${domain}`, type: "TXT" as const, value: dmarcStarter(domain) }];
  for (const at of candidates(domain)) {
    const name = `_dmarc.${at}`;
    const txt = await lookup(`TXT of ${name}`, () => resolver.resolveTxt(name), timeoutMs);
    if (txt.kind === "error") return { kind: "dmarc", title, status: "warn", found: txt.message, detail: "The lookup failed; try again later." };
    if (txt.kind === "none") continue;
    const records = txt.records.map((parts) => parts.join("")).filter((t) => /^v=DMARC1\s*(;|$)/i.test(t.trim()));
    if (records.length === 0) continue;
    const inherited = at === domain ? "" : ` (inherited from ${at})`;
    if (records.length > 1) {
      return { kind: "dmarc", title, status: "fail", found: `${name}: ${records.join(" | ")}`, detail: "More than one DMARC record: receivers ignore them all. Keep one.", publish };
    }
    const policy = /(?:^|;)\s*p\s*=\s*([a-z]+)/i.exec(records[0])?.[1]?.toLowerCase() ?? "";
    const detail = policy === "none" ? `A DMARC record exists${inherited}; its policy p=none only monitors.` : `A DMARC record exists${inherited} with policy p=${policy || "(missing)"}.`;
    return { kind: "dmarc", title, status: "pass", found: `${name}: ${records[0]}`, detail };
  }
  return { kind: "dmarc", title, status: "fail", found: `_dmarc.${domain}: no DMARC record`, detail: "Publish a DMARC record; the starter below only asks for reports.", publish };
}
