/** The parts of mailauth 4.9 (no bundled types) that Hermod uses; see node_modules/mailauth/README.md. */

declare module "mailauth/lib/dkim/sign.js" {
  import type { Readable } from "node:stream";
  interface SignatureData {
    signingDomain: string;
    selector: string;
    privateKey: string | Buffer;
    algorithm?: string;
    canonicalization?: string;
  }
  interface SignOptions {
    canonicalization?: string;
    algorithm?: string;
    signTime?: Date;
    headerList?: string[];
    signatureData: SignatureData[];
  }
  interface SignResult {
    /** The DKIM-Signature header lines, CRLF-terminated. */
    signatures: string;
    errors: { selector?: string; signingDomain?: string; err: Error }[];
  }
  const mod: { dkimSign(message: string | Buffer | Readable, options: SignOptions): Promise<SignResult> };
  export default mod;
}

declare module "mailauth/lib/dkim/verify.js" {
  import type { Readable } from "node:stream";
  interface VerifyResult {
    results: { status: { result: string; comment?: string }; signingDomain?: string; selector?: string; algo?: string; info: string }[];
  }
  const mod: {
    dkimVerify(
      message: string | Buffer | Readable,
      options?: { resolver?: (name: string, rrtype: string) => Promise<unknown> },
    ): Promise<VerifyResult>;
  };
  export default mod;
}
