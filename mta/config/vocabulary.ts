/**
 * Every block tag and directive name PowerMTA has (UG5.0/5.0r5 §3.3, `shared/reference/powermta.md` §1),
 * and where each may appear. This is what lets the compiler tell a PowerMTA directive Hermod does not
 * act on yet (a warning) from a name PowerMTA does not have at all (an error).
 *
 * Names marked P in the reference (seen in public configs only: `dk-sign`, `sync-msg-create`, …) are
 * included so that real-world files load with a warning instead of failing.
 */

/** "global" (top level) or the tag of the enclosing block. */
export type Context = string;

export interface BlockSpec {
  /** Contexts the block may be opened in. */
  parents: readonly Context[];
  /** Whether `<tag ARG>` needs its argument. */
  arg: "required" | "optional";
  /**
   * Entries are not directives (regex lines, alias lines): where the block is ignored, its content is
   * not checked. (`<bounce-category-patterns>` is compiled, by compile-bounce-categories.ts.)
   */
  opaque?: boolean;
}

const names = (text: string): string[] => text.trim().split(/\s+/);

const TOP: readonly Context[] = ["global"];

export const BLOCKS: ReadonlyMap<string, BlockSpec> = new Map<string, BlockSpec>([
  ["domain", { parents: ["global", "virtual-mta", "virtual-mta-pool"], arg: "required" }],
  ["source", { parents: TOP, arg: "required" }],
  ["virtual-mta", { parents: TOP, arg: "required" }],
  ["virtual-mta-pool", { parents: TOP, arg: "required" }],
  // Optional because a nested, conditional list is unnamed; a top-level one needs its name (compile-pattern-list.ts).
  ["pattern-list", { parents: ["global", "pattern-list"], arg: "optional" }],
  ["smtp-pattern-list", { parents: TOP, arg: "required" }],
  ["acct-file", { parents: TOP, arg: "required" }],
  ["spool", { parents: TOP, arg: "required" }],
  ["smtp-user", { parents: TOP, arg: "required" }],
  ["source-group", { parents: TOP, arg: "required" }],
  ["address-list", { parents: ["global", "bounce-processor", "feedback-loop-processor"], arg: "optional" }],
  ["bounce-processor", { parents: TOP, arg: "optional" }],
  ["feedback-loop-processor", { parents: TOP, arg: "optional" }],
  ["email-patterns", { parents: TOP, arg: "optional" }],
  ["bounce-category-patterns", { parents: TOP, arg: "optional", opaque: true }],
  ["mx-rollup-list", { parents: TOP, arg: "optional" }],
  ["rewrite-list", { parents: TOP, arg: "required" }],
  ["domain-key-list", { parents: TOP, arg: "required" }],
  ["dns", { parents: TOP, arg: "optional" }],
  ["smtp-listener", { parents: TOP, arg: "required" }],
  ["transmissions-api", { parents: TOP, arg: "optional" }],
  ["transmissions-api-listener", { parents: TOP, arg: "required" }],
  ["proxy", { parents: TOP, arg: "required" }],
  ["signals", { parents: TOP, arg: "optional" }],
  ["signals-filter", { parents: TOP, arg: "optional" }],
  ["aliases", { parents: TOP, arg: "optional", opaque: true }],
  ["vault", { parents: TOP, arg: "optional" }],
]);

const TLS_LISTENER = names(`tls-certificate tls-ca-file tls-ciphers tls-allow-sslv3 tls-allow-tlsv1
  tls-allow-tlsv1.1 tls-allow-tlsv1.2 tls-allow-tlsv1.3 tls-tlsv1.3-ciphersuites tls-dh-key-length`);

const DKIM = names(`dkim-sign dkim-add-body-limit dkim-add-timestamp dkim-algorithm dkim-body-canon
  dkim-headers-canon dkim-expire-after dkim-query-method dkim-headers dkim-identity dkim-identity-fallback
  dkim-disallow-adding-headers`);

const DIRECTIVES_BY_CONTEXT: Record<Context, string[]> = {
  global: [
    ...names(`total-max-smtp-out total-max-smtp-in postmaster spool spool-delete-corrupted
    spool-min-free-space spool-max-recipients run-as-root smtp-server-tls-certificate
    smtp-server-tls-ca-file smtp-server-tls-allow-sslv3 smtp-server-tls-allow-tlsv1
    smtp-server-tls-allow-tlsv1.1 smtp-server-tls-allow-tlsv1.2 smtp-server-tls-allow-tlsv1.3
    smtp-server-tls-ciphers smtp-server-tls-v1.3-ciphersuites smtp-server-tls-tlsv1.3-ciphersuites
    smtp-server-tls-dh-key-length smtp-source-host alias smtp-ip smtp-port smtp-listener
    custom-dsn-from-header smtp-await-slot host-id domain-suffix host-name name-server
    thread-min-priority thread-max-priority thread-reuse mailmerge-expands-undefined-variables
    pmc-acct-min-free-space include always-allow-relaying relay-domain relay-address relay-debug
    domain-key invalid-virtual-mta-fallback include-headers-from domain-macro pickup
    pickup-retry-interval pickup-remove-dot dummy-smtp-ip dummy-smtp-port dummy-smtp-await-slot
    dummy-smtp-has-chunking dummy-smtp-has-pipelining dummy-smtp-has-verp dummy-smtp-latency
    dummy-smtp-update-stats http-mgmt-port http-redirect-to-https http-access http-csrf-protection
    http-api-key http-strict-transport-security-max-age http-mgmt-source no-http-mgmt-source
    http-tls-allow-sslv3 http-tls-allow-tlsv1 http-tls-allow-tlsv1.1 http-tls-allow-tlsv1.2
    http-tls-ciphers http-tls-ca-file http-log-tls http-log-data http-log-requests
    http-default-max-items http-default-sort-order log-auto-rotation log-file log-rotate
    log-file-world-readable mx-connection-limit ip-connection-limit use-proxy
    max-memory-usage-percent track-time-first-attempt enable-signals volume-audit-api-key
    dsn-failed-from-template dsn-failed-subject-template dsn-failed-body-template-from
    edns-udp-length sync-msg-create sync-msg-update`),
    // Hermod extensions: the "configurable startup" reported for 6.0r3, whose PowerMTA directive names
    // could not be confirmed (powermta.md §1.12, §5). See DEFAULT_STARTUP_RAMP_FRACTION in defaults.ts.
    "startup-ramp-interval",
    "startup-ramp-fraction",
    // Hermod extension: ARC sealing of forwarded mail (compile-arc-seal.ts).
    "arc-seal",
  ],
  source: [
    ...names(`add-date-header date-header-time bcc add-message-id-header add-received-header
    allow-auth smtp-max-auth-failure-rate remove-header require-auth allow-mailmerge
    allow-unencrypted-plain-auth allow-starttls require-starttls-before-auth broken-auth-clients
    verp-default check-dkim-inbound trace-dkim-check trace-spf-check check-spf-inbound
    check-spf-inbound-best-guess check-spf-inbound-max-void-lookups check-iprev-inbound
    trace-iprev-check reject-iprev-check-temperror reject-iprev-check-permerror
    reject-iprev-check-fail suppress-local-dsn dsn-return-default default-virtual-mta log-tls
    reject-invalid-virtual-mta disconnect-on-transient-error hide-message-source max-message-size
    max-message-hops max-rcpt-per-message too-many-rcpts-fails-message suppression-lists
    pattern-list process-x-envid process-x-dkim-options process-x-dkim-key retain-x-dkim-key
    jobid-prefix process-x-job jobid-header retain-x-job process-x-virtual-mta retain-x-virtual-mta
    add-x-virtual-mta-header source-group smtp-data-timeout smtp-command-timeout process-x-schedule
    retain-x-schedule retain-x-dkim-options allow-chunking allow-smtputf8 smtp-service
    log-connections log-commands log-data allow-empty-x-virtual-mta accept-invalid-recipients
    reject-spf-check-temperror reject-spf-check-permerror reject-spf-check-fail
    always-allow-api-submission auto-qualify-domain include always-allow-relaying rewrite-list
    remove-received-headers`),
    // Hermod extension: an injection rate limit per client IP (no PowerMTA name for it).
    "max-smtp-in-msg-rate",
    // Hermod extension: inbound SPF/DKIM/DMARC/ARC checks (PowerMTA's ARC names are unconfirmed, powermta.md §1.10).
    "verify-inbound-auth",
    "verify-inbound-auth-timeout",
  ],
  domain: [
    ...names(`max-errors-per-connection check-spf-outbound dsn-format log-resolution
    log-transfer-failures log-disabled-ips max-events-recorded disable-acct-records deliver-local-dsn
    bounce-after bcc-upon-delivery allow-priority-interruption
    allow-priority-interruption-during-transfer queue-priority track-recipient-events
    delivery-priority notify-of-delay-every queue-to source-ip-max-msg-rate max-msg-rate
    backoff-max-msg-rate max-msg-per-hour backoff-max-msg-per-hour max-data-volume-rate
    backoff-max-data-volume-rate retry-after backoff-retry-after retry-recipients-after backoff-notify
    disabled-source-ip-notify backoff-to-normal-after backoff-to-normal-after-delivery
    backoff-upon-all-sources-disabled reenable-source-ip-after max-cold-virtual-mta-msg
    reroute-to-virtual-mta backoff-reroute-to-virtual-mta type allow-cancel-during-transfer
    auth-username smtp-data-termination-timeout auth-password use-unencrypted-plain-auth
    smtp-553-means-invalid-mailbox smtp-421-means-mx-unavailable replace-smtp-421-service-response
    bounce-upon-no-mx bounce-upon-5xx-greeting bounce-upon-pix-transfer-failure
    bounce-upon-transfer-failure connect-timeout smtp-greeting-timeout data-send-timeout
    ignore-8bitmime ignore-chunking ignore-pipelining ignore-dsn max-msg-per-connection
    max-rcpt-per-transaction max-rcpt-per-message max-smtp-out backoff-max-smtp-out
    max-smtp-out-per-source-ip source-ip-max-smtp-out smtp-out-rampup-interval max-connect-rate
    source-ip-max-connect-rate connection-idle-timeout source-ip-max-data-volume-rate
    backoff-max-connect-rate retry-upon-new-mail pix-bug-workaround route default-smtp-port
    smtp-hosts smtp-pattern-list assume-delivery-upon-data-termination-timeout disable-mx-rollup
    include use-starttls require-starttls use-dane reuse-ssl-session smtp-tls-allow-sslv3
    smtp-tls-allow-tlsv1 smtp-tls-allow-tlsv1.1 smtp-tls-allow-tlsv1.2 smtp-tls-allow-tlsv1.3
    smtp-tls-tlsv1.3-ciphersuites smtp-tls-ca-file smtp-tls-ciphers log-tls use-mta-sts
    smtp-client-certificate discard-as-bounce file-format file-destination command
    macro-variables-preserve-case http-delivery-url http-delivery-extra-headers
    add-x-msys-api-header sparkpost-sandbox sparkpost-ip-pool retry-after-dns-error
    mx-connection-attempts smtp-multiple-line-response-timeout log-commands log-connections log-data
    log-messages remove-header dk-sign check-mfrom-outbound check-pra-outbound add-gm-token`),
    // A Hermod extension (UG5.0 has it in <source> only): the largest message sent to this destination.
    "max-message-size",
    // A Hermod extension: a static OAuth 2.0 bearer token for outbound SMTP AUTH XOAUTH2 (auth-directives.ts).
    "auth-oauth2-token",
    ...DKIM,
    ...DKIM.map((n) => `second-${n}`),
  ],
  "acct-file": names(`delete-after move-to move-interval max-size queue-filter retry-interval
    iso-times user-string write-timeout map-header-to-field records record-fields world-readable
    count-moved-records sync privacy-policy http-webhook-url http-webhook-extra-headers
    http-webhook-certificate http-webhook-ca-file http-webhook-max-interval
    http-webhook-transfer-encoding http-webhook-log-verbose http-webhook-connect-timeout
    http-webhook-io-timeout`),
  "virtual-mta": [
    ...names(`use-proxy max-smtp-msg-rate max-smtp-data-volume-rate cold-virtual-mta
    host-name domain-key include-headers-from max-smtp-out rewrite-list include smtp-source-host
    smtp-proxy-source-host proxy-protocol`),
    "arc-seal",
  ],
  "virtual-mta-pool": [
    ...names(`virtual-mta domain-key include-headers-from max-smtp-msg-rate
    max-smtp-out rewrite-list max-smtp-data-volume-rate cold-virtual-mta include`),
    "arc-seal",
  ],
  "pattern-list": names(`mail-from rcpt-to header * include`),
  "smtp-pattern-list": names(`reply include`),
  spool: names(`delete-file-holders deliver-only priority min-free-space`),
  "smtp-user": [
    ...names(`password authentication-method tls-certificate source`),
    // Hermod extensions: sender restriction, per-user limits, and a static XOAUTH2 bearer token.
    ...names(`allowed-mail-from max-message-size max-smtp-in-msg-rate oauth2-token`),
  ],
  "source-group": names(`max-smtp-in reserved-smtp-in`),
  "address-list": names(`address address-file domain`),
  "bounce-processor": names(`deliver-unmatched-email deliver-matched-email deliver-email
    forward-unmatched-to forward-errors-to`),
  "feedback-loop-processor": names(`deliver-unmatched-email deliver-matched-email deliver-email
    forward-unmatched-to forward-errors-to`),
  "email-patterns": names(`body-pattern-file log-match-info`),
  "mx-rollup-list": names(`mx include`),
  "rewrite-list": names(`mail-from from-domain`),
  "domain-key-list": names(`domain-key`),
  dns: names(`precached-domains-file precached-refresh-interval precached-max-domains edns-udp-length`),
  "smtp-listener": [...names(`await-slot immediate-tls source`), ...TLS_LISTENER],
  "transmissions-api": names(`log-requests api-key log-data log-tls`),
  "transmissions-api-listener": TLS_LISTENER,
  proxy: names(`server client protocol-version`),
  signals: names(`api-key upload-url engagement-tracking custom-message-id-header
    process-x-sp-subaccount-id retain-x-sp-subaccount-id log-verbose min-free-space privacy-policy`),
  "signals-filter": names(`sender-or-from`),
  vault: names(`server-url access-token cache-ttl`),
};

/** Directive name → the contexts it is valid in. */
export const DIRECTIVES: ReadonlyMap<string, ReadonlySet<Context>> = (() => {
  const map = new Map<string, Set<Context>>();
  for (const [context, list] of Object.entries(DIRECTIVES_BY_CONTEXT)) {
    for (const name of list) {
      if (!map.has(name)) map.set(name, new Set());
      map.get(name)!.add(context);
    }
  }
  return map;
})();

/** Where a context is shown in messages: "the top level" or "<domain>". */
export function contextLabel(context: Context): string {
  return context === "global" ? "the top level" : `<${context}>`;
}
