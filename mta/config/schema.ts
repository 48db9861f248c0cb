/**
 * zod schemas: the allowed range of every setting Hermod acts on (one definition, used both to validate
 * each directive's value and to check the whole compiled config), and the strict schema of MtaConfig.
 */

import { z } from "zod";
import type { Parsed } from "./parsed";
import type { MtaConfig } from "./types";

/** A string schema that runs one of the `units.ts` parsers; a parse error keeps its offset in `params`. */
export function fromParser<T>(parse: (text: string) => Parsed<T>) {
  return z.string().transform((text, ctx) => {
    const r = parse(text);
    if (r.ok) return r.value;
    ctx.addIssue({ code: "custom", message: r.message, params: { offset: r.offset ?? 0 } });
    return z.NEVER;
  });
}

const int = () => z.number().int();

/** Per-setting ranges. Messages read after the directive name: "max-smtp-out must be at least 1". */
export const SETTING = {
  bytes: int().min(0, "must not be negative"),
  atLeastOne: int().min(1, "must be at least 1"),
  zeroIsUnlimited: int().min(0, "must not be negative"),
  port: int().min(1, "must be a port from 1 to 65535").max(65535, "must be a port from 1 to 65535"),
  duration: int().min(0, "must not be negative"),
  priority: int().min(0, "must be from 0 to 100").max(100, "must be from 0 to 100"),
  /** A wait before an SMTP reply: clients give up on the DATA reply after 10 minutes (RFC 5321 §4.5.3.2.6). */
  replyWait: int().min(1, "must be greater than 0").max(600_000, "must be at most 10m (clients give up on the reply after that)"),
  retryAfter: z
    .array(int().min(1, "intervals must be greater than 0"))
    .min(1, "needs at least one interval")
    .max(30, "takes at most 30 intervals (the last one repeats)"),
  /** `{ TIME-INTERVAL | never }` where 0 would mean nothing sensible (`backoff-to-normal-after 0`). */
  positiveDurationOrNever: int().min(1, 'must be greater than 0 (write "never" for no limit)').nullable(),
  /** `{ TIME-INTERVAL | never }` where `never` and 0 both turn the feature off (stored as 0). */
  durationOrNever: int()
    .min(0, "must not be negative")
    .nullable()
    .transform((ms) => ms ?? 0),
} as const;

const ZLocation = z.strictObject({
  file: z.string(),
  line: int().min(1),
  col: int().min(1),
});

const ZRate = z.strictObject({ count: int().min(1), perMs: int().min(1) });

export const ZSourceSettings = z.strictObject({
  alwaysAllowRelaying: z.boolean(),
  maxMessageSize: SETTING.bytes,
  maxRcptPerMessage: SETTING.zeroIsUnlimited,
  maxMessageHops: SETTING.atLeastOne,
  smtpService: z.boolean(),
  defaultVirtualMta: z.string().min(1).optional(),
  processXVirtualMta: z.boolean(),
  retainXVirtualMta: z.boolean(),
  processXJob: z.boolean(),
  retainXJob: z.boolean(),
  jobIdHeader: z.string().min(1),
  patternList: z.string().min(1).optional(),
  hideMessageSource: z.boolean(),
  addReceivedHeader: z.boolean(),
  requireAuth: z.boolean(),
  allowUnencryptedPlainAuth: z.boolean(),
  maxAuthFailureRate: ZRate.nullable(),
  maxSmtpInMsgRate: ZRate.nullable(),
  suppressionLists: z.array(z.string().min(1)),
  acceptInvalidRecipients: z.boolean(),
  verifyInboundAuth: z.boolean(),
  verifyInboundAuthTimeout: SETTING.replyWait,
  sourceName: z.string().min(1).optional(),
});

/** A regex ready for `new RegExp(source, flags)` (regex.ts). */
const ZPattern = z.strictObject({ source: z.string(), flags: z.string() });

const ZCidrRate = z.strictObject({ cidr: z.string().min(1), rate: ZRate.nullable() });

export const ZSmtpHost = z.strictObject({
  host: z.string().min(1),
  port: SETTING.port.optional(),
  literal: z.boolean(),
});

export const ZDomainSettings = z.strictObject({
  smtpHosts: z.array(z.array(ZSmtpHost).min(1)).min(1).nullable(),
  retryAfter: SETTING.retryAfter,
  bounceAfter: SETTING.duration,
  maxSmtpOut: SETTING.atLeastOne,
  useStarttls: z.boolean(),
  maxMsgPerConnection: SETTING.zeroIsUnlimited,
  maxRcptPerTransaction: SETTING.atLeastOne,
  defaultSmtpPort: SETTING.port,
  connectTimeout: SETTING.duration.optional(),
  greetingTimeout: SETTING.duration.optional(),
  dataTimeout: SETTING.duration.optional(),
  queueTo: z.string().min(1).optional(),
  queuePriority: SETTING.priority,
  requireStarttls: z.boolean(),
  authUsername: z.string().optional(),
  authPassword: z.string().optional(),
  authOauth2Token: z.string().optional(),
  useUnencryptedPlainAuth: z.boolean().optional(),
  maxMessageSize: SETTING.bytes,
  maxMsgRate: ZRate.nullable(),
  maxConnectRate: ZRate.nullable(),
  backoffMaxMsgRate: ZRate.nullable(),
  backoffMaxSmtpOut: SETTING.atLeastOne,
  backoffMaxConnectRate: ZRate.nullable(),
  backoffRetryAfter: SETTING.retryAfter,
  backoffToNormalAfter: SETTING.positiveDurationOrNever,
  backoffToNormalAfterDelivery: z.boolean(),
  // "" in a rule clears an inherited name; resolved settings never hold it (domain-settings.ts).
  backoffRerouteToVirtualMta: z.string().optional(),
  smtpPatternList: z.string().optional(),
  reenableSourceIpAfter: SETTING.duration,
  retryRecipientsAfter: SETTING.duration,
  bounceUponNoMx: z.union([z.literal(false), SETTING.duration]),
  smtp421MeansMxUnavailable: z.boolean(),
  sourceIpMaxMsgRate: z.array(ZCidrRate),
  sourceIpMaxConnectRate: z.array(ZCidrRate),
  sourceIpMaxSmtpOut: z.array(z.strictObject({ cidr: z.string().min(1), max: SETTING.zeroIsUnlimited })),
  maxColdVirtualMtaMsg: z.array(int().min(0)).min(1).nullable(),
  notifyOfDelayEvery: SETTING.duration,
  dkimSign: z.boolean(),
  dkimIdentity: z.string().min(1).optional(),
});

const ZDomainKey = z.strictObject({
  selector: z.string().min(1),
  domain: z.string().min(1),
  file: z.string().min(1),
  algorithm: z.enum(["rsa-sha256", "ed25519-sha256"]),
  privateKeyPem: z.string().min(1),
  origin: ZLocation,
});

const ZDomainRule = z.strictObject({
  pattern: z.string().min(1),
  settings: ZDomainSettings.partial(),
  origin: ZLocation,
  fromMacro: z.boolean().optional(),
});

const ZVirtualMta = z.strictObject({
  name: z.string().min(1),
  sourceHosts: z.array(z.strictObject({ ip: z.string().min(1), hostName: z.string().min(1) })),
  hostName: z.string().min(1).optional(),
  maxSmtpOut: SETTING.atLeastOne.optional(),
  maxSmtpMsgRate: ZRate.nullable(),
  coldVirtualMtas: z.array(z.string().min(1)),
  domainKeys: z.array(ZDomainKey).optional(),
  arcSeal: ZDomainKey.optional(),
  domains: z.array(ZDomainRule),
  origin: ZLocation,
});

const ZPool = z.strictObject({
  name: z.string().min(1),
  members: z.array(z.string().min(1)),
  maxSmtpMsgRate: ZRate.nullable(),
  coldVirtualMtas: z.array(z.string().min(1)),
  domainKeys: z.array(ZDomainKey).optional(),
  arcSeal: ZDomainKey.optional(),
  domains: z.array(ZDomainRule),
  origin: ZLocation,
});

const ZSmtpPatternList = z.strictObject({
  name: z.string().min(1),
  rules: z.array(
    z.strictObject({
      pattern: ZPattern,
      action: z.strictObject({
        mode: z.enum(["backoff", "normal"]).optional(),
        backoffToNormalAfter: int().min(1).optional(),
        disableSourceIp: z.boolean().optional(),
        reenableAfter: int().min(1).optional(),
        skipMx: z.boolean().optional(),
        bounceRcpt: z.boolean().optional(),
        bounceQueue: z.boolean().optional(),
        deferQueue: z.boolean().optional(),
      }),
      origin: ZLocation,
    }),
  ),
  origin: ZLocation,
});

const ZMxRollupRule = z.strictObject({
  mxPattern: z.string().min(1),
  name: z.string().endsWith(".rollup"),
  byIp: z.boolean(),
  origin: ZLocation,
});

const ZBounceCategoryPattern = z.strictObject({
  pattern: ZPattern,
  category: z.string().regex(/^[a-z0-9-]+$/),
  origin: ZLocation,
});

const ZPatternList = z.strictObject({
  name: z.string().min(1),
  rules: z.array(
    z.strictObject({
      field: z.enum(["mail-from", "rcpt-to", "header", "*"]),
      header: z.string().min(1).optional(),
      pattern: ZPattern.optional(),
      virtualMta: z.string().min(1).optional(),
      origin: ZLocation,
    }),
  ),
  origin: ZLocation,
});

const ZSmtpUser = z.strictObject({
  name: z.string().min(1),
  password: z.string().optional(),
  source: z.string().min(1).optional(),
  allowedMailFrom: z.array(z.string().min(1)).optional(),
  maxMessageSize: SETTING.bytes.optional(),
  maxSmtpInMsgRate: ZRate.nullable().optional(),
  oauth2Token: z.string().min(1).optional(),
  origin: ZLocation,
});

const ZAcctRecordType = z.enum(["d", "b", "t", "tq", "r", "f", "rb", "rs"]);

export const ZMtaConfig = z.strictObject({
  hostName: z.string().min(1),
  postmaster: z.string().min(3),
  listeners: z.array(
    z.strictObject({
      host: z.string().min(1),
      port: SETTING.port,
      source: z.string().min(1).optional(),
      origin: ZLocation,
    }),
  ),
  sources: z.array(
    z.strictObject({
      match: z.discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("cidr"), cidr: z.string() }),
        z.strictObject({ kind: z.literal("name"), name: z.string() }),
      ]),
      settings: ZSourceSettings.partial(),
      origin: ZLocation,
    }),
  ),
  domains: z.array(ZDomainRule),
  acctFiles: z.array(
    z.strictObject({
      path: z.string().min(1),
      records: z.array(ZAcctRecordType).min(1),
      origin: ZLocation,
    }),
  ),
  tlsCertificate: z
    .strictObject({ file: z.string().min(1), password: z.string().optional(), origin: ZLocation })
    .optional(),
  virtualMtas: z.array(ZVirtualMta),
  pools: z.array(ZPool),
  domainKeys: z.array(ZDomainKey).optional(),
  arcSeal: ZDomainKey.optional(),
  patternLists: z.array(ZPatternList),
  smtpUsers: z.array(ZSmtpUser),
  totalMaxSmtpOut: SETTING.atLeastOne,
  smtpPatternLists: z.array(ZSmtpPatternList),
  mxRollups: z.array(ZMxRollupRule),
  bounceCategoryPatterns: z.array(ZBounceCategoryPattern),
  startupRamp: z.strictObject({ interval: int().min(1), fraction: z.number().gt(0).max(1) }).nullable(),
  http: z.strictObject({
    port: int().min(0).max(65535),
    access: z.array(z.strictObject({ cidr: z.string().min(1), level: z.enum(["none", "monitor", "operator", "admin"]) })),
    apiKeys: z.array(z.string().regex(/^[A-Za-z0-9_]{32,128}$/)),
  }),
  processors: z
    .array(
      z.strictObject({
        kind: z.enum(["feedback-loop", "bounce"]),
        deliverMatchedEmail: z.boolean(),
        deliverUnmatchedEmail: z.boolean(),
        forwardUnmatchedTo: z.string().min(3).optional(),
        forwardErrorsTo: z.string().min(3).optional(),
        addresses: z.array(
          z.union([
            z.strictObject({ kind: z.enum(["address", "local-part", "domain"]), value: z.string().min(1) }),
            z.strictObject({ kind: z.literal("regex"), source: z.string(), flags: z.string() }),
          ]),
        ).min(1),
        origin: ZLocation,
      }),
    )
    .optional(),
});

export type TMtaConfig = z.infer<typeof ZMtaConfig>;

// The schema and the hand-written contract in types.ts must describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<TMtaConfig, MtaConfig> = true;
void schemaMatchesTypes;
