/**
 * Inbound authentication (SPF, DKIM, DMARC, ARC with mailauth), for the receive path (reception.ts,
 * switched on per `<source>` by `verify-inbound-auth`) and for processors that always verify the
 * mail they read (feedback loops, bounces):
 *
 *   const auth = await authenticateInbound(content, { ip, helo, mailFrom, hostName: config.hostName, resolver: authDnsOf(resolver) });
 *   auth.header   // "Authentication-Results: <host-name>; spf=…; dkim=…; dmarc=…\r\n"
 *   auth.results  // { spf, dkim: [{ result, domain, selector }], dmarc, arc, arcInstance, timedOut }
 *
 * Never rejects for DNS trouble (temperror after `timeoutMs`, default 8 s).
 */

export { authenticateInbound, DEFAULT_INBOUND_AUTH_TIMEOUT_MS, type InboundAuth, type InboundAuthOptions, type InboundAuthResults } from "./authenticate";
export { authDnsOf, type AuthDns } from "./dns";
export { removeForgedResults } from "./forged";
