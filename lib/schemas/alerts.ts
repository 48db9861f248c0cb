/**
 * Alert rules and alerts: the inputs of the console's rule actions (Z…) and the rows it shows (T…).
 *
 * Kinds and the unit of their threshold:
 * - backoff-duration: a queue matching `target` has been in backoff longer than `threshold` MINUTES.
 * - bounce-rate: for a recipient domain matching `target`, bounced / (delivered + bounced) over the
 *   last 60 minutes is above `threshold` PERCENT, counted only once the domain had at least
 *   BOUNCE_RATE_MIN_OUTCOMES outcomes in that hour (a single bounce is not a 100 % bounce rate).
 * - spool-age: the oldest message queued for a queue matching `target` is older than `threshold` MINUTES.
 * - queue-size: a queue matching `target` holds more than `threshold` RECIPIENTS.
 *
 * `target` is a queue pattern: `*` (everything), a domain or domain glob (`example.com`,
 * `*.yahoo.com`: `*` matches any run of characters, so `*.yahoo.com` does not match `yahoo.com`),
 * optionally followed by `/vmta` (a VirtualMTA name or glob). bounce-rate counts per recipient domain
 * only, so its target takes no `/vmta`.
 */

import { z } from "zod";

export const ALERT_KINDS = ["backoff-duration", "bounce-rate", "spool-age", "queue-size"] as const;
export type TAlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_CHANNELS = ["console", "email", "webhook"] as const;
export type TAlertChannel = (typeof ALERT_CHANNELS)[number];

/** Outcomes (delivered + bounced) a domain needs in the last hour before its bounce rate counts. */
export const BOUNCE_RATE_MIN_OUTCOMES = 20;
/** The window a bounce rate is computed over. */
export const BOUNCE_RATE_WINDOW_MINUTES = 60;

export const ALERT_KIND_INFO: Readonly<Record<TAlertKind, { label: string; unit: string; max: number; help: string }>> = {
  "backoff-duration": { label: "Queue in backoff", unit: "minutes", max: 7 * 24 * 60, help: "a matching queue has been in backoff mode longer than this" },
  "bounce-rate": {
    label: "Bounce rate",
    unit: "%",
    max: 100,
    help: `bounced / (delivered + bounced) for a matching recipient domain over the last hour is above this (at least ${BOUNCE_RATE_MIN_OUTCOMES} outcomes)`,
  },
  "spool-age": { label: "Spool age", unit: "minutes", max: 30 * 24 * 60, help: "the oldest message queued for a matching queue is older than this" },
  "queue-size": { label: "Queue size", unit: "recipients", max: 100_000_000, help: "a matching queue holds more recipients than this" },
};

export const ALERT_CHANNEL_LABELS: Readonly<Record<TAlertChannel, string>> = {
  console: "Console only",
  email: "Email (sent through Hermod)",
  webhook: "Webhook (POST JSON)",
};

const DOMAIN_GLOB = /^[a-z0-9*](?:[a-z0-9*.-]*[a-z0-9*])?$/;
const VMTA_GLOB = /^[A-Za-z0-9*_.{}-]+$/;

const ZTarget = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter *, a domain, a glob such as *.yahoo.com, or domain/vmta")
  .max(255, "At most 255 characters")
  .refine((t) => {
    const [domain, vmta, ...rest] = t.split("/");
    return rest.length === 0 && DOMAIN_GLOB.test(domain) && !domain.includes("..") && (vmta === undefined || VMTA_GLOB.test(vmta));
  }, "Enter *, a domain, a glob such as *.yahoo.com, or domain/vmta");

const ZChannelFields = z.discriminatedUnion("channel", [
  z.strictObject({ channel: z.literal("console"), destination: z.literal("").optional().default("") }),
  z.strictObject({ channel: z.literal("email"), destination: z.email("Enter the email address to notify").max(254) }),
  z.strictObject({
    channel: z.literal("webhook"),
    destination: z
      .url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" })
      .max(2000, "At most 2000 characters"),
  }),
]);

const ZRuleBase = z.strictObject({
  name: z.string().trim().min(1, "Give the rule a name").max(100, "At most 100 characters"),
  kind: z.enum(ALERT_KINDS, { error: "Choose a kind" }),
  threshold: z.coerce.number({ error: "Enter a number" }).finite("Enter a number").min(0, "Must be 0 or more"),
  target: ZTarget,
  channel: z.enum(ALERT_CHANNELS, { error: "Choose a channel" }),
  destination: z.string().trim().default(""),
  enabled: z.boolean().default(true),
});

function checkRule(rule: z.output<typeof ZRuleBase>, ctx: z.RefinementCtx): void {
  const info = ALERT_KIND_INFO[rule.kind];
  if (rule.threshold > info.max) ctx.addIssue({ code: "custom", path: ["threshold"], message: `At most ${info.max} ${info.unit}` });
  if (rule.kind === "queue-size" && !Number.isInteger(rule.threshold)) ctx.addIssue({ code: "custom", path: ["threshold"], message: "A whole number of recipients" });
  if (rule.kind === "bounce-rate" && rule.target.includes("/")) {
    ctx.addIssue({ code: "custom", path: ["target"], message: "Bounce rates are per recipient domain: leave out /vmta" });
  }
  const channel = ZChannelFields.safeParse({ channel: rule.channel, destination: rule.channel === "console" ? "" : rule.destination });
  if (!channel.success) {
    for (const issue of channel.error.issues) ctx.addIssue({ code: "custom", path: ["destination"], message: issue.message });
  }
}

/** A rule as created or edited in the console. */
export const ZAlertRuleInput = ZRuleBase.superRefine(checkRule).transform((r) => ({ ...r, destination: r.channel === "console" ? "" : r.destination }));
export type TAlertRuleInput = z.output<typeof ZAlertRuleInput>;

export const ZAlertRuleId = z.coerce.number({ error: "Unknown rule" }).int().positive("Unknown rule");

export const ZUpdateAlertRuleInput = ZRuleBase.extend({ id: ZAlertRuleId })
  .superRefine(checkRule)
  .transform((r) => ({ ...r, destination: r.channel === "console" ? "" : r.destination }));
export type TUpdateAlertRuleInput = z.output<typeof ZUpdateAlertRuleInput>;

export const ZSetAlertRuleEnabledInput = z.strictObject({ id: ZAlertRuleId, enabled: z.boolean() });
export type TSetAlertRuleEnabledInput = z.infer<typeof ZSetAlertRuleEnabledInput>;

export const ZDeleteAlertRuleInput = z.strictObject({ id: ZAlertRuleId });
export type TDeleteAlertRuleInput = z.infer<typeof ZDeleteAlertRuleInput>;

/** A rule as the console lists it. */
export interface TAlertRuleRow {
  id: number;
  name: string;
  kind: TAlertKind;
  threshold: number;
  target: string;
  channel: TAlertChannel;
  destination: string;
  enabled: boolean;
  createdBy: string;
  updatedAt: string;
}

/** Where an alert's latest notification stands (console-only rules have nothing to send). */
export type TNotificationStatus = { state: "console" } | { state: "sent"; at: string } | { state: "pending" } | { state: "retrying" | "failed"; error: string };

/** An alert as the console lists it; dates are ISO strings. */
export interface TAlertRow {
  id: number;
  ruleId: number;
  /** The rule's name, or "Rule #id (deleted)". */
  ruleName: string;
  kind: TAlertKind | null;
  subject: string;
  message: string;
  firedAt: string;
  resolvedAt: string | null;
  notification: TNotificationStatus;
}
