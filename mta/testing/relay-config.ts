/**
 * The config of a Hermod under test or benchmark: one listener, relaying for 127.0.0.1, every domain
 * routed to a loopback sink, accounting for d, b and t records. Test- and bench-only.
 */

export function loopbackRelayConfig(opts: { smtpPort: number; sinkPort: number; hostName?: string; domainExtra?: string[] }): string {
  return [
    `smtp-listener 127.0.0.1:${opts.smtpPort}`,
    ...(opts.hostName ? [`host-name ${opts.hostName}`] : []),
    "<source 127.0.0.1>",
    "    always-allow-relaying yes",
    "</source>",
    "<domain *>",
    `    smtp-hosts [127.0.0.1]:${opts.sinkPort}`,
    ...(opts.domainExtra ?? []).map((line) => `    ${line}`),
    "</domain>",
    "<acct-file acct.csv>",
    "    records d,b,t",
    "</acct-file>",
    "",
  ].join("\n");
}
