import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { DEFAULT_DOMAIN_SETTINGS } from "../config/defaults";
import type { DomainKeyConfig, DomainSettings, MtaConfig } from "../config/types";
import { generateDkimKey } from "./dkim-key";
import { wireContent } from "./sign-for-delivery";

const ED = generateDkimKey("ed25519-sha256").privateKeyPem;
const key = (domain: string, over: Partial<DomainKeyConfig> = {}): DomainKeyConfig => ({
  selector: "s1",
  domain,
  file: "/k.pem",
  algorithm: "ed25519-sha256",
  privateKeyPem: ED,
  origin: { file: "/c", line: 1, col: 1 },
  ...over,
});
const configWith = (keys: DomainKeyConfig[] | undefined) => ({ virtualMtas: [], pools: [], domainKeys: keys }) as unknown as MtaConfig;
const settings = (over: Partial<DomainSettings> = {}) => ({ ...DEFAULT_DOMAIN_SETTINGS, ...over }) as DomainSettings;
const message = Buffer.from("From: a@brand.test\r\nSubject: x\r\n\r\nbody\r\n");
const unread = () => {
  throw new Error("the spooled message must not be read");
};

describe("wireContent", () => {
  it("reads nothing and changes nothing when dkim-sign is off or no key is configured", async () => {
    expect(await wireContent({ config: configWith([key("*")]), settings: settings({ dkimSign: false }), vmta: "{default}" }, null, unread)).toBeNull();
    expect(await wireContent({ config: configWith(undefined), settings: settings(), vmta: "{default}" }, null, unread)).toBeNull();
  });

  it("reads the spooled copy once and sends it unsigned when no key covers the identity", async () => {
    let reads = 0;
    const read = () => (reads++, Readable.from([message]));
    const out = await wireContent({ config: configWith([key("other.test")]), settings: settings(), vmta: "{default}" }, null, read);
    expect(out).toEqual({ content: message, signedBy: null });
    expect(reads).toBe(1);
  });

  it("signs the cached copy with the identity from dkim-identity, prepending one DKIM-Signature", async () => {
    const out = await wireContent({ config: configWith([key("brand.test"), key("*", { selector: "wild" })]), settings: settings({ dkimIdentity: "@elsewhere.test" }), vmta: "{default}" }, message, unread);
    expect(out?.signedBy).toBe("wild._domainkey.elsewhere.test");
    const text = out!.content.toString();
    expect(text.match(/^DKIM-Signature:/gm)).toHaveLength(1);
    expect(text).toMatch(/d=elsewhere\.test/);
    expect(text.endsWith(message.toString())).toBe(true);
  });

  it("sends unsigned and says why when the key cannot sign", async () => {
    const problems: string[] = [];
    const broken = key("brand.test", { algorithm: "rsa-sha256" });
    const out = await wireContent({ config: configWith([broken]), settings: settings(), vmta: "{default}" }, message, unread, (m) => problems.push(m));
    expect(out).toEqual({ content: message, signedBy: null });
    expect(problems).toEqual([expect.stringContaining("DKIM signing with s1._domainkey.brand.test failed")]);
  });
});
