/**
 * `arc-seal SELECTOR,DOMAIN,FILE` (Hermod extension; global, in `<virtual-mta>` and in
 * `<virtual-mta-pool>`): the key that ARC-seals (RFC 8617) mail verified at reception when it is sent
 * on. PowerMTA's names for ARC are unconfirmed (powermta.md §1.10), hence a name of our own. The key
 * file is checked like a `domain-key` file: unreadable or invalid is an error at the line naming it;
 * it must be an RSA key (ARC signs with rsa-sha256).
 * One per scope; a second line in the same scope warns and replaces the first.
 */

import type { DirectiveNode } from "./ast";
import { compileDomainKey, type ReadKeyFile } from "./compile-domain-key";
import { shift, where, type Diagnostics } from "./diagnostics";
import type { DomainKeyConfig } from "./types";

const USAGE = "arc-seal takes SELECTOR,DOMAIN,FILE, e.g. arc-seal arc1,forwarder.example,/etc/hermod/arc/arc1.pem";

/**
 * The sealing key of one `arc-seal` line, or null after reporting what is wrong. `previous` is the
 * key already set in this scope at the top level (blocks warn through compile-settings.ts).
 */
export function compileArcSeal(d: DirectiveNode, diags: Diagnostics, readKeyFile: ReadKeyFile | undefined, previous?: DomainKeyConfig): DomainKeyConfig | null {
  if (previous) diags.warning(d.loc, `\`arc-seal\` is already set at ${where(previous.origin)}; the last one wins`);
  const parts = d.value.split(",");
  if (parts.length >= 3 && parts[1].trim() === "*") {
    diags.error(d.valueLoc, `arc-seal needs the sealing domain (d=), not *: ${USAGE}`);
    return null;
  }
  const key = compileDomainKey(d, diags, readKeyFile, USAGE);
  if (key && key.algorithm !== "rsa-sha256") {
    // RFC 8617 §5.1: ARC-Seal and ARC-Message-Signature are made with rsa-sha256 (mailauth seals nothing else).
    diags.error(shift(d.valueLoc, d.value.lastIndexOf(",") + 1), `arc-seal needs an RSA key: ARC signs with rsa-sha256 (RFC 8617), and ${key.file} holds an Ed25519 key`);
    return null;
  }
  return key;
}
