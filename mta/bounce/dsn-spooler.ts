/**
 * Writes the DSNs and delay notices Completion asks for (queue/completion.ts) into the spool: each under
 * an id derived from the original and the recipients it reports, so re-creating one after a crash
 * replaces it instead of adding a second. Split out of runtime.ts, which wires it to Completion.
 */

import type { MtaConfig } from "../config/types";
import type { Clock } from "../ports";
import type { RecipientOutcome } from "../queue/queue-ports";
import type { QueuedMessage } from "../queue/queued-message";
import type { Envelope, Spool } from "../spool/spool";
import { dsnEnvelope, dsnWanted, generateDsn, type DsnRecipient } from "./dsn-generate";

export interface DsnSpoolerDeps {
  spool: Spool;
  clock: Clock;
  config(): MtaConfig;
}

export class DsnSpooler {
  constructor(private readonly deps: DsnSpoolerDeps) {}

  /** Spools one DSN for the bounced (all b) or relayed (all d, NOTIFY=SUCCESS) recipients whose sender asked for it (see Completion). */
  async spoolDsn(msg: QueuedMessage, bounced: readonly RecipientOutcome[]): Promise<Envelope | null> {
    const original = msg.envelope;
    const action = bounced[0]?.record.type === "d" ? "relayed" : "failed";
    const wanted = bounced.filter((o) => dsnWanted(original, o.index, action));
    if (wanted.length === 0) return null;
    const now = this.deps.clock.now();
    const indexes = wanted.map((o) => o.index);
    const recipients: DsnRecipient[] = wanted.map(({ index, record }) => ({
      address: record.rcpt,
      ...(record.orcpt ? { orcpt: record.orcpt } : {}),
      status: record.dsnStatus.split(" ")[0],
      diagnostic: record.dsnDiag.replace(/^smtp;/, ""),
      ...(record.dsnMta ? { remoteMta: record.dsnMta.split(" ")[0] } : {}),
      action,
      lastAttemptAt: record.timeLogged,
    }));
    // One DSN per failure event, named after the original and its first reported recipient, so
    // re-creating it after a crash replaces the same file instead of adding a second DSN.
    const id = `${original.id}x${Math.min(...indexes).toString(36)}`;
    return this.writeDsn(original, dsnEnvelope(original, indexes, action, this.deps.config().hostName, now), id, recipients, now);
  }

  /** Spools a DSN about `original` under `id` (replacing one of that id) and returns it once durable. */
  private async writeDsn(original: Envelope, envelope: Omit<Envelope, "id" | "size">, id: string, recipients: DsnRecipient[], now: number): Promise<Envelope> {
    const writer = await this.deps.spool.create(envelope, { id });
    try {
      for await (const chunk of generateDsn({
        reportingMta: this.deps.config().hostName,
        postmaster: this.deps.config().postmaster,
        envelope: original,
        recipients,
        arrivalDate: original.receivedAt,
        content: this.deps.spool.readBody(original.id),
        now,
      })) {
        await writer.write(chunk);
      }
      return await writer.commit();
    } catch (err) {
      await writer.abort().catch(() => undefined);
      throw err;
    }
  }

  /** A delay notice (Action: delayed, no dsnFor: its recipients are still being retried). */
  async spoolDelayNotice(msg: QueuedMessage, indexes: readonly number[], n: number, lastError: string | null, willRetryUntil: number): Promise<Envelope | null> {
    const original = msg.envelope;
    const wanted = indexes.filter((i) => dsnWanted(original, i, "delayed"));
    if (wanted.length === 0) return null;
    const now = this.deps.clock.now();
    const recipients: DsnRecipient[] = wanted.map((i) => ({
      address: original.recipients[i].address,
      ...(original.recipients[i].orcpt ? { orcpt: original.recipients[i].orcpt } : {}),
      status: "4.0.0",
      ...(lastError ? { diagnostic: lastError.replace(/^smtp;/, "") } : {}),
      action: "delayed",
      lastAttemptAt: now,
      willRetryUntil,
    }));
    // Named after the original and the notice number: a notice re-created after a crash replaces itself.
    const id = `${original.id}w${n.toString(36)}x${Math.min(...wanted).toString(36)}`;
    return this.writeDsn(original, dsnEnvelope(original, wanted, "delayed", this.deps.config().hostName, now), id, recipients, now);
  }
}
