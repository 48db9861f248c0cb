/**
 * The config of a Hermod under test or benchmark: one listener, relaying for 127.0.0.1, every domain
 * routed to a loopback sink. Extra lines go into the global scope, the 127.0.0.1 source or the
 * `<domain *>` block, and extra blocks follow. Test- and bench-only.
 */

export interface RelayConfigOptions {
  smtpPort: number;
  sinkPort: number;
  hostName?: string;
  global?: string[];
  sourceExtra?: string[];
  domainExtra?: string[];
  /** Whole blocks appended at the end, e.g. a more specific `<domain>`. */
  blocks?: string[];
  /** Write acct.csv (d, b, t) next to the config; default true. */
  acctFile?: boolean;
}

export function loopbackRelayConfig(opts: RelayConfigOptions): string {
  const indent = (lines: string[] = []) => lines.map((line) => `    ${line}`);
  return [
    `smtp-listener 127.0.0.1:${opts.smtpPort}`,
    ...(opts.hostName ? [`host-name ${opts.hostName}`] : []),
    ...(opts.global ?? []),
    "<source 127.0.0.1>",
    "    always-allow-relaying yes",
    ...indent(opts.sourceExtra),
    "</source>",
    "<domain *>",
    `    smtp-hosts [127.0.0.1]:${opts.sinkPort}`,
    ...indent(opts.domainExtra),
    "</domain>",
    ...(opts.acctFile === false ? [] : ["<acct-file acct.csv>", "    records d,b,t", "</acct-file>"]),
    ...(opts.blocks ?? []),
    "",
  ].join("\n");
}
