/**
 * One value of a suppression upload: a plaintext address, a domain (`example.com` or `@example.com`),
 * or the SHA-256 (64 hex) or MD5 (32 hex) of the lowercased address. A CSV row counts by its first
 * column. With `hashOnly`, a plaintext address is stored as its SHA-256 and never kept in clear; a
 * hashed value is never turned back into plaintext (it cannot be).
 */

import { createHash } from "node:crypto";
import { domainToASCII } from "node:url";
import type { SuppressionValue } from "@/mta/index";

export type ParsedEntry = { kind: "value"; value: SuppressionValue } | { kind: "invalid"; reason: string } | { kind: "blank" };

const HEX64 = /^[0-9a-f]{64}$/i;
const HEX32 = /^[0-9a-f]{32}$/i;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const LOCAL_PART = /^[^\s@",;<>()[\]\\]{1,64}$/;

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function md5Hex(text: string): string {
  return createHash("md5").update(text).digest("hex");
}

/** The first column of a CSV (or tab/semicolon separated) row, unquoted and trimmed. */
export function firstColumn(line: string): string {
  const text = line.trim();
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    return (end < 0 ? text.slice(1) : text.slice(1, end)).trim();
  }
  const cut = text.search(/[,;\t]/);
  return (cut < 0 ? text : text.slice(0, cut)).trim();
}

/** A lowercased A-label domain, or null. */
export function normalizeDomainName(text: string): string | null {
  const ascii = domainToASCII(text.trim().replace(/\.$/, ""));
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.toLowerCase().split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) return null;
  return labels.join(".");
}

/** A lowercased `local@domain` (domain in A-label form), or null. */
export function normalizeAddress(text: string): string | null {
  const at = text.lastIndexOf("@");
  if (at <= 0) return null;
  const local = text.slice(0, at);
  const domain = normalizeDomainName(text.slice(at + 1));
  if (!domain || !LOCAL_PART.test(local)) return null;
  return `${local.toLowerCase()}@${domain}`;
}

/** Parses one value (already the first column). */
export function parseValue(text: string, hashOnly = false): ParsedEntry {
  const value = text.trim();
  if (value === "") return { kind: "blank" };
  if (HEX64.test(value)) return { kind: "value", value: { kind: "sha256", value: value.toLowerCase() } };
  if (HEX32.test(value)) return { kind: "value", value: { kind: "md5", value: value.toLowerCase() } };
  if (value.startsWith("@")) {
    const domain = normalizeDomainName(value.slice(1));
    return domain ? { kind: "value", value: { kind: "domain", value: domain } } : { kind: "invalid", reason: "not a valid domain" };
  }
  if (value.includes("@")) {
    const address = normalizeAddress(value);
    if (!address) return { kind: "invalid", reason: "not a valid email address" };
    return { kind: "value", value: hashOnly ? { kind: "sha256", value: sha256Hex(address) } : { kind: "address", value: address } };
  }
  if (/^[0-9a-f]+$/i.test(value)) return { kind: "invalid", reason: `hex value of ${value.length} digits: a SHA-256 has 64, an MD5 32` };
  const domain = normalizeDomainName(value);
  return domain ? { kind: "value", value: { kind: "domain", value: domain } } : { kind: "invalid", reason: "not an address, a domain, a SHA-256 or an MD5" };
}

/** Parses one line of an upload (a CSV row counts by its first column). */
export function parseLine(line: string, hashOnly = false): ParsedEntry {
  const text = line.trim();
  if (text === "" || text.startsWith("#")) return { kind: "blank" };
  return parseValue(firstColumn(text), hashOnly);
}

/** The first non-blank line is a header when it is not a value itself (`email`, `"address","name"`, `sha256`…). */
export function isHeaderLine(line: string): boolean {
  return parseLine(line).kind === "invalid" && !firstColumn(line).includes("@") && !firstColumn(line).includes(".");
}
