/** zod schemas at the DKIM console's boundary: what the forms send, what the page shows. */

import { z } from "zod";
import { isDkimSelector, normalizeDomain } from "@/mta/index";

const selector = z
  .string()
  .trim()
  .min(1, "Enter a selector")
  .max(63)
  .refine(isDkimSelector, "A selector is letters, digits and hyphens (dots between labels), e.g. s2026")
  .transform((s) => s.toLowerCase());

const domain = z
  .string()
  .trim()
  .min(1, "Enter the signing domain")
  .transform((d, ctx) => {
    const n = normalizeDomain(d);
    if (!n || !n.includes(".") || !/^[a-z0-9.-]+$/.test(n)) {
      ctx.addIssue({ code: "custom", message: "Enter a domain name such as example.com" });
      return z.NEVER;
    }
    return n;
  });

export const ZGenerateDkimKeyInput = z.object({
  selector,
  domain,
  algorithm: z.enum(["rsa-sha256", "ed25519-sha256"], { message: "Choose RSA 2048 or Ed25519" }),
});
export type TGenerateDkimKeyInput = z.output<typeof ZGenerateDkimKeyInput>;

export const ZUploadDkimKeyInput = z.object({
  selector,
  domain,
  privateKeyPem: z.string().trim().min(1, "Paste the private key (PEM)").max(20_000, "That is too long for a private key"),
});
export type TUploadDkimKeyInput = z.output<typeof ZUploadDkimKeyInput>;

export const ZDeleteDkimKeyInput = z.object({ id: z.coerce.number().int().positive() });

/** One row of the /dkim page: a config-file key (read-only, with file:line) or a console key. */
export interface TDkimKeyRow {
  source: "file" | "console";
  /** Console keys only. */
  id: number | null;
  selector: string;
  domain: string;
  algorithm: string;
  /** Where a file key is defined (`hermod.conf:12`, with the VirtualMTA or pool), or who created a console key. */
  where: string;
  /** `SELECTOR._domainkey.DOMAIN` (`*` domains: the record name depends on the identity). */
  recordName: string;
  dnsRecord: string;
  createdAt: string | null;
}
