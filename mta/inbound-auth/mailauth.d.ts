/** The parts of mailauth 4.9's `authenticate` and ARC sealing that inbound authentication uses (no bundled types). */

declare module "mailauth/lib/mailauth.js" {
  import type { Readable } from "node:stream";
  type Lookup = (name: string, rrtype: string) => Promise<unknown>;
  interface Status {
    result: string;
    comment?: string | false;
  }
  interface AuthenticateResult {
    dkim: { results?: { status: Status; signingDomain?: string; selector?: string; info: string }[] };
    spf: { status: Status; domain?: string; info: string } | false;
    dmarc: { status: Status; domain?: string; info?: string } | false;
    arc: { status: Status & { shouldSeal?: boolean }; i?: number | false; authResults?: string; info?: string } | false;
    /** Received-SPF and Authentication-Results lines, CRLF-separated and CRLF-terminated. */
    headers: string;
  }
  interface AuthenticateOptions {
    ip?: string;
    helo?: string;
    sender?: string;
    mta?: string;
    resolver?: Lookup;
    disableBimi?: boolean;
    trustReceived?: boolean;
  }
  interface SealOptions {
    signingDomain: string;
    selector: string;
    privateKey: string | Buffer;
    algorithm?: string;
    /** The Authentication-Results value (authserv-id first) the ARC-Authentication-Results repeats. */
    authResults: string;
    cv: string;
    signTime?: Date;
  }
  const mod: {
    authenticate(message: string | Buffer | Readable, options: AuthenticateOptions): Promise<AuthenticateResult>;
    /** The ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results lines for the next instance. */
    sealMessage(message: string | Buffer | Readable, options: SealOptions): Promise<Buffer>;
  };
  export default mod;
}
