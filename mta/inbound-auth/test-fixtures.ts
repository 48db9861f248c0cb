/**
 * Test-only: a small published world for inbound authentication. An in-memory DNS with SPF, DKIM,
 * DMARC and ARC key records, a sender domain that signs, and a forwarder that ARC-seals. Never the
 * internet.
 */

import signModule from "mailauth/lib/dkim/sign.js";
import mailauth from "mailauth/lib/mailauth.js";
import { generateDkimKey } from "../dkim/dkim-key";
import type { AuthDns } from "./dns";

export const SENDER_IP = "192.0.2.10";
export const OTHER_IP = "198.51.100.7";
export const FORWARDER_IP = "203.0.113.5";

export const senderKey = generateDkimKey("rsa-sha256");
export const forwarderKey = generateDkimKey("rsa-sha256");
/** Our own sealing key (Hermod as the forwarder), published at arc1._domainkey.hermod-fwd.test. */
export const ourSealKey = generateDkimKey("rsa-sha256");

/** TXT records by lower-case name. */
export function publishedTxt(): Map<string, string> {
  return new Map([
    ["sender.test", `v=spf1 ip4:${SENDER_IP} -all`],
    ["s1._domainkey.sender.test", senderKey.dnsRecord],
    ["_dmarc.sender.test", "v=DMARC1; p=reject"],
    ["forwarder.test", `v=spf1 ip4:${FORWARDER_IP} -all`],
    ["fw1._domainkey.forwarder.test", forwarderKey.dnsRecord],
    ["arc1._domainkey.hermod-fwd.test", ourSealKey.dnsRecord],
  ]);
}

/** mailauth's resolver over `txt`; every other name and type is NXDOMAIN. */
export function memoryDns(txt: Map<string, string> = publishedTxt()): AuthDns & { queries: string[] } {
  const queries: string[] = [];
  const dns = async (name: string, rrtype: string) => {
    queries.push(`${rrtype} ${name}`);
    const record = rrtype === "TXT" ? txt.get(name.toLowerCase()) : undefined;
    if (record === undefined) throw Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    return [[record]];
  };
  return Object.assign(dns, { queries });
}

/** A resolver that never answers. */
export const hangingDns: AuthDns = () => new Promise(() => undefined);

export function plainMessage(subject: string, from = "news@sender.test"): Buffer {
  return Buffer.from(
    `From: News <${from}>\r\nTo: <reader@dest.test>\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, "")}@sender.test>\r\nDate: Sat, 28 Nov 2026 05:00:00 +0000\r\n\r\nHello reader,\r\nthis is the body.\r\n`,
  );
}

/** `message` DKIM-signed by sender.test (selector s1). */
export async function signedBySender(message: Buffer): Promise<Buffer> {
  const { signatures } = await signModule.dkimSign(message, {
    canonicalization: "relaxed/relaxed",
    signatureData: [{ signingDomain: "sender.test", selector: "s1", privateKey: senderKey.privateKeyPem }],
  });
  return Buffer.concat([Buffer.from(signatures, "latin1"), message]);
}

/**
 * What forwarder.test makes of `message` it received from the sender: authenticated, changed by
 * `edit` (a mailing list's subject tag breaks the sender's DKIM), then ARC-sealed over the result
 * (i=1 for a fresh chain), its Authentication-Results on top.
 */
export async function sealedByForwarder(message: Buffer, edit: (m: Buffer) => Buffer = (m) => m, dns: AuthDns = memoryDns()): Promise<Buffer> {
  const { arc } = await mailauth.authenticate(message, {
    ip: SENDER_IP,
    helo: "mail.sender.test",
    sender: "bounce@sender.test",
    mta: "mx.forwarder.test",
    resolver: dns,
    disableBimi: true,
  });
  if (!arc || !arc.authResults) throw new Error("the forwarder could not authenticate the message");
  const changed = Buffer.concat([Buffer.from(`Authentication-Results: ${arc.authResults}\r\n`, "latin1"), edit(message)]);
  const set = await mailauth.sealMessage(changed, {
    signingDomain: "forwarder.test",
    selector: "fw1",
    privateKey: forwarderKey.privateKeyPem,
    authResults: arc.authResults,
    cv: arc.status.result,
  });
  return Buffer.concat([set, changed]);
}
