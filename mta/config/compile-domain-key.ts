/**
 * `domain-key SELECTOR,{DOMAIN|*},FILE` (UG5.0 §3.3.1.33.1; global, in `<virtual-mta>` and in
 * `<virtual-mta-pool>`): the key file is read and checked when the configuration is loaded, so a
 * missing, unreadable or invalid PEM is a config error at the line that names it.
 */

import { dirname, resolve } from "node:path";
import { checkDkimPrivateKey, isDkimSelector } from "../dkim/dkim-key";
import type { DirectiveNode } from "./ast";
import { shift, where, type Diagnostics } from "./diagnostics";
import { normalizeDomain } from "./domain-pattern";
import type { DomainKeyConfig } from "./types";

/** Reads a key file as UTF-8 text; throws an error with `code` (ENOENT, EACCES …) on failure. */
export type ReadKeyFile = (path: string) => string;

const USAGE = "domain-key takes SELECTOR,DOMAIN,FILE (DOMAIN may be *), e.g. domain-key s1,example.com,/etc/hermod/dkim/s1.pem";

/** The key of one `domain-key` line, or null after reporting what is wrong. */
export function compileDomainKey(d: DirectiveNode, diags: Diagnostics, readKeyFile: ReadKeyFile | undefined, usage = USAGE): DomainKeyConfig | null {
  const first = d.value.indexOf(",");
  const second = first < 0 ? -1 : d.value.indexOf(",", first + 1);
  if (second < 0) {
    diags.error(d.valueLoc, usage);
    return null;
  }
  const selector = d.value.slice(0, first).trim();
  const domainText = d.value.slice(first + 1, second).trim();
  const fileText = d.value.slice(second + 1).trim();
  if (!isDkimSelector(selector)) {
    diags.error(d.valueLoc, `invalid DKIM selector "${selector}": expected labels of letters, digits and hyphens`);
    return null;
  }
  const domain = domainText === "*" ? "*" : normalizeDomain(domainText);
  if (domain === null || domain === "") {
    diags.error(shift(d.valueLoc, first + 1), `invalid domain-key domain "${domainText}": expected a domain name or *`);
    return null;
  }
  const fileLoc = shift(d.valueLoc, second + 1);
  if (fileText === "") {
    diags.error(fileLoc, usage);
    return null;
  }
  const file = resolve(dirname(d.loc.file), fileText);
  let pem: string;
  try {
    if (!readKeyFile) throw Object.assign(new Error("no file access"), { code: "ENOSYS" });
    pem = readKeyFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === "ENOENT" ? "file not found" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : (code ?? "cannot be read");
    diags.error(fileLoc, `cannot read the DKIM key file ${file}: ${why}`);
    return null;
  }
  const key = checkDkimPrivateKey(pem);
  if (!key.ok) {
    diags.error(fileLoc, `invalid DKIM key file ${file}: ${key.message}`);
    return null;
  }
  return { selector: selector.toLowerCase(), domain, file, algorithm: key.algorithm, privateKeyPem: pem, origin: d.loc };
}

/** Adds a key to a list; the same selector and domain twice in one list warns (the first one is used). */
export function addDomainKey(list: DomainKeyConfig[], key: DomainKeyConfig | null, diags: Diagnostics): void {
  if (!key) return;
  const twin = list.find((k) => k.selector === key.selector && k.domain === key.domain);
  if (twin) diags.warning(key.origin, `domain-key ${key.selector},${key.domain} is already defined at ${where(twin.origin)}; the first one is used`);
  list.push(key);
}
