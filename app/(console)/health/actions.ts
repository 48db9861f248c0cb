"use server";

/**
 * Runs the sending-domain health checks (live DNS lookups, each with its own timeout). Readers of the
 * config may run them: the report shows DNS data and the records to publish, never key material
 * beyond the public keys.
 */

import { z } from "zod";
import { runResultAction } from "@/lib/actions/safe-action";
import type { HealthReport } from "@/lib/domain-health/types";
import type { TActionFailure } from "@/lib/schemas/user";
import { checkDomainHealth } from "@/lib/services/domain-health/check-domain-health";

const ZRunHealthInput = z.strictObject({});

export type HealthActionResult = { ok: true; report: HealthReport } | TActionFailure;

export async function runHealthChecksAction(input: unknown): Promise<HealthActionResult> {
  return runResultAction("config.read", ZRunHealthInput, input, async () => ({ ok: true as const, report: await checkDomainHealth() }));
}
