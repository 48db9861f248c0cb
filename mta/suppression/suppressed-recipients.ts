/**
 * The check once a message is routed (its VirtualMTA and job known): recipients that a list in scope
 * suppresses are marked done before the message is queued and get a `b` record straight away, as
 * PowerMTA does with `accept-invalid-recipients`. This catches what RCPT could not: VirtualMTA- and
 * job-scoped lists (header-routed mail), and every list for a source that accepts invalid recipients.
 *
 * Category `policy-related`, not `bad-mailbox`: the address may well exist, it is the sender's own
 * policy that refuses it (an opt-out, a complaint), and a `bad-mailbox` bounce would feed the lists'
 * auto-add of hard bounces back into themselves.
 */

import type { SourceSettings } from "../config/types";
import { buildRecord, type Happening } from "../delivery/outcome";
import type { SuppressionLookup } from "../ports";
import { DEFAULT_VMTA, recipientDomain } from "../queue/queue-key";
import type { AcctRecord } from "../records/acct-record";
import type { Envelope } from "../spool/spool";
import { sourceScope } from "./suppression-index";
import { SUPPRESSED_STATUS, suppressedText } from "./suppression-reply";

/** Recipient index → the name of the list that suppresses it. */
export function suppressedRecipients(lookup: SuppressionLookup, env: Envelope, source: SourceSettings): Map<number, string> {
  const hits = new Map<number, string>();
  const base = sourceScope(source);
  env.recipients.forEach((r, index) => {
    const vmta = r.vmta ?? env.vmta;
    const list = lookup.find(r.address, { ...base, ...(vmta ? { vmta } : {}), ...(env.jobId ? { jobId: env.jobId } : {}) });
    if (list !== null) hits.set(index, list);
  });
  return hits;
}

export function suppressedRecord(env: Envelope, index: number, list: string, now: number): AcctRecord {
  const happening: Happening = { kind: "local", permanent: true, status: SUPPRESSED_STATUS, reason: `${SUPPRESSED_STATUS} ${suppressedText(list)}`, category: "policy-related" };
  const r = env.recipients[index];
  const vmta = r.vmta ?? env.vmta ?? DEFAULT_VMTA;
  return buildRecord(env, index, happening, { queue: `${recipientDomain(r.address)}/${vmta}`, vmta }, now);
}
