/**
 * DKIM at delivery: the exact bytes that go on the wire get a `DKIM-Signature` (relaxed/relaxed,
 * rsa-sha256 or ed25519-sha256) when `dkim-sign` is on for the destination and a `domain-key` of the
 * VirtualMTA, its pool or the global list covers the identity's domain. The spool keeps the original.
 *
 * Off the hot path: with signing off, or no key anywhere for this VirtualMTA, and no inbound
 * authentication results to add, nothing is read and the caller sends the message as it would without DKIM.
 */

import type { Readable } from "node:stream";
import signModule from "mailauth/lib/dkim/sign.js";
import type { DomainKeyConfig, DomainSettings, MtaConfig } from "../config/types";
import { arcSealKeyFor, arcSetFor } from "../inbound-auth/arc-seal";
import type { InboundAuthRecord } from "../spool/spool";
import { dkimIdentity, identityDomain, readHeaders } from "./identity";
import { keyListsFor, selectDomainKey } from "./select-key";

export interface SigningScope {
  config: MtaConfig;
  settings: DomainSettings;
  vmta: string;
  pool?: string;
}

/** What to send instead of the spooled message: null means "send the original as usual". */
export type WireContent = { content: Buffer; signedBy: string | null } | null;

/** The longest header section looked at for From and Sender. */
const MAX_HEADER_BYTES = 256 * 1024;

/**
 * The message to send. `cached` is the message kept in memory since reception, if any; `read` opens
 * the spooled copy. `onError` hears about a key that could not sign (the message then goes unsigned).
 * `auth` is the inbound authentication done at reception (mta/inbound-auth): its Authentication-Results
 * goes on top of the message, then the DKIM signature, then an ARC set if the VirtualMTA seals.
 */
export async function wireContent(
  scope: SigningScope,
  cached: Buffer | null,
  read: () => Readable,
  onError?: (message: string) => void,
  auth?: InboundAuthRecord,
): Promise<WireContent> {
  const lists = scope.settings.dkimSign ? keyListsFor(scope.config, scope.vmta, scope.pool) : [];
  const sealKey = auth?.arc ? arcSealKeyFor(scope.config, scope.vmta, scope.pool) : null;
  if (lists.length === 0 && !auth) return null;
  const original = cached ?? (await readAll(read()));
  const content = auth ? Buffer.concat([Buffer.from(auth.header, "latin1"), original]) : original;
  const signed = lists.length > 0 ? await dkimSigned(content, scope, lists, onError) : { content, signedBy: null };
  if (!sealKey || !auth?.arc) return signed;
  const set = await arcSetFor(signed.content, sealKey, auth.arc, onError);
  return set ? { content: Buffer.concat([set, signed.content]), signedBy: signed.signedBy } : signed;
}

async function dkimSigned(
  content: Buffer,
  scope: SigningScope,
  lists: readonly DomainKeyConfig[][],
  onError?: (message: string) => void,
): Promise<{ content: Buffer; signedBy: string | null }> {
  const headEnd = content.indexOf("\r\n\r\n");
  const head = content.subarray(0, Math.min(headEnd < 0 ? content.length : headEnd + 2, MAX_HEADER_BYTES)).toString("latin1");
  const identity = dkimIdentity(scope.settings.dkimIdentity, readHeaders(head));
  const choice = identity ? selectDomainKey(lists, identityDomain(identity)) : null;
  if (!choice) return { content, signedBy: null };
  const { signatures, errors } = await signModule.dkimSign(content, {
    canonicalization: "relaxed/relaxed",
    algorithm: choice.key.algorithm,
    signatureData: [{ signingDomain: choice.signingDomain, selector: choice.key.selector, privateKey: choice.key.privateKeyPem }],
  });
  if (errors.length > 0 || !signatures.trim()) {
    onError?.(`DKIM signing with ${choice.key.selector}._domainkey.${choice.signingDomain} failed: ${errors[0]?.err.message ?? "no signature"}`);
    return { content, signedBy: null };
  }
  return { content: Buffer.concat([Buffer.from(signatures, "latin1"), content]), signedBy: `${choice.key.selector}._domainkey.${choice.signingDomain}` };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
