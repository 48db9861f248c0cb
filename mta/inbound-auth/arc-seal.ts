/**
 * ARC sealing at delivery (RFC 8617 §5.1): mail verified at reception and sent on through a VirtualMTA
 * with an `arc-seal` key (its own, its pool's, or the global one) gets an ARC set: the
 * ARC-Authentication-Results repeating our results, an ARC-Message-Signature over the message as sent
 * (after DKIM signing, so the signature is covered), and the ARC-Seal with cv= the incoming chain's
 * status. The instance follows the incoming chain (mailauth reads it from the message).
 */

import mailauth from "mailauth/lib/mailauth.js";
import type { DomainKeyConfig, MtaConfig } from "../config/types";
import type { InboundAuthRecord } from "../spool/spool";

/** RFC 8617 §4.2.1: instances run from 1 to 50. */
const MAX_ARC_INSTANCE = 50;

/** The sealing key for a queue of VirtualMTA `vmta` (picked from `pool`, if any): the VirtualMTA's, the pool's, the global one. */
export function arcSealKeyFor(config: MtaConfig, vmta: string, pool: string | undefined): DomainKeyConfig | null {
  return (
    config.virtualMtas.find((v) => v.name === vmta)?.arcSeal ??
    (pool ? config.pools.find((p) => p.name === pool)?.arcSeal : undefined) ??
    config.arcSeal ??
    null
  );
}

/**
 * The ARC set to prepend to `content` (the message as it will be sent), or null when there is nothing
 * to seal or sealing failed (`onError` hears why; the message then goes unsealed).
 */
export async function arcSetFor(
  content: Buffer,
  key: DomainKeyConfig,
  arc: NonNullable<InboundAuthRecord["arc"]>,
  onError?: (message: string) => void,
): Promise<Buffer | null> {
  try {
    const set = await mailauth.sealMessage(content, {
      signingDomain: key.domain,
      selector: key.selector,
      privateKey: key.privateKeyPem,
      algorithm: key.algorithm,
      authResults: arc.authResults,
      cv: arc.cv,
    });
    const instance = Number(/^ARC-Seal:[^]*?\bi=(\d+)/i.exec(set.toString("latin1"))?.[1] ?? 0);
    if (instance < 1 || !/^ARC-Message-Signature:/im.test(set.toString("latin1"))) throw new Error("no complete ARC set produced");
    if (instance > MAX_ARC_INSTANCE) throw new Error(`the chain already has ${instance - 1} instances (at most ${MAX_ARC_INSTANCE})`);
    return set;
  } catch (err) {
    onError?.(`ARC sealing with ${key.selector}._domainkey.${key.domain} failed: ${(err as Error).message}`);
    return null;
  }
}
