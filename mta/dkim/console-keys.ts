/**
 * Keys stored in the console (the DkimKey table) join the configuration the engine receives, as if
 * they were global `domain-key` lines after the file's own: a file key for the same identity wins.
 */

import type { DomainKeyConfig, MtaConfig } from "../config/types";
import { checkDkimPrivateKey } from "./dkim-key";

/** A key as the console stores it. */
export interface StoredDkimKey {
  id: number;
  selector: string;
  domain: string;
  privateKeyPem: string;
}

/** `file` of a console key: `console:ID`. */
export const consoleKeyFile = (id: number) => `console:${id}`;

/**
 * `config` with the console's keys appended to the global list. A stored key that is no longer a
 * usable private key is left out and named in `problems`. Returns `config` itself when there are none.
 */
export function withConsoleDomainKeys(config: MtaConfig, keys: readonly StoredDkimKey[]): { config: MtaConfig; problems: string[] } {
  const problems: string[] = [];
  const added: DomainKeyConfig[] = [];
  for (const k of keys) {
    const check = checkDkimPrivateKey(k.privateKeyPem);
    if (!check.ok) {
      problems.push(`console DKIM key ${k.selector}._domainkey.${k.domain} (#${k.id}) is not used: ${check.message}`);
      continue;
    }
    added.push({
      selector: k.selector.toLowerCase(),
      domain: k.domain.toLowerCase(),
      file: consoleKeyFile(k.id),
      algorithm: check.algorithm,
      privateKeyPem: k.privateKeyPem,
      origin: { file: consoleKeyFile(k.id), line: 1, col: 1 },
    });
  }
  if (added.length === 0) return { config, problems };
  return { config: Object.freeze({ ...config, domainKeys: Object.freeze([...(config.domainKeys ?? []), ...added]) as DomainKeyConfig[] }), problems };
}
