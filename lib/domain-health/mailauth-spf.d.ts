/** mailauth 4.x ships no types; the part of its SPF checker the health checks use (node_modules/mailauth/lib/spf). */
declare module "mailauth/lib/spf" {
  export interface SpfResult {
    domain: string;
    "client-ip": string;
    status: { result: "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror"; comment: string | false };
  }
  export function spf(opts: {
    sender: string;
    ip: string;
    helo?: string;
    mta?: string;
    resolver?: (name: string, type: string) => Promise<unknown>;
  }): Promise<SpfResult>;
}
