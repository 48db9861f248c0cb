/**
 * DATA: stream the message into the spool while checking it, and answer only when it is durable.
 *
 * The content is never held in memory as a whole: each chunk is normalised (line-endings.ts), its
 * header section inspected (header-block.ts), and written to the spool writer with back-pressure.
 * A message over the size limit or the hop limit is read to its end, discarded, and refused; nothing
 * of it stays in the spool. A write error gives 451 4.3.0 and nothing is kept either.
 */

import type { Readable } from "node:stream";
import type { SMTPServerSession } from "smtp-server";
import { Replies, SmtpReplyError } from "../errors";
import type { Clock, Logger } from "../ports";
import type { DsnNotify, Envelope, EnvelopeRecipient, Spool, SpoolWriter } from "../spool/spool";
import { ContentCollector } from "../queue/content-cache";
import { HeaderBlock } from "./header-block";
import { LineEndingNormalizer } from "./line-endings";
import type { SessionState } from "./session-policy";

export interface ReceiveContext {
  spool: Spool;
  clock: Clock;
  logger: Logger;
  hostName(): string;
  /**
   * Hands a durable message to the queues; called before the 250 is sent. `content` is the spooled
   * content when it was small enough to keep in memory for the first delivery attempt.
   */
  accept(envelope: Envelope, content: Buffer | null): void;
}

/** Receives one message; resolves with the spool id, or rejects with the SMTP reply to give. */
export async function receiveMessage(stream: Readable, session: SMTPServerSession, state: SessionState, ctx: ReceiveContext): Promise<string> {
  const envelope = envelopeOf(session, ctx.clock.now());
  let writer: SpoolWriter | null = null;
  try {
    writer = await ctx.spool.create(envelope);
  } catch (err) {
    ctx.logger.error("spool create failed", { error: String(err) });
  }
  const limit = state.source.maxMessageSize;
  const normalizer = new LineEndingNormalizer();
  const headers = new HeaderBlock();
  const kept = new ContentCollector();
  let refusal: SmtpReplyError | null = writer ? null : Replies.queueWriteError();
  let bytes = 0;
  const write = async (buf: Buffer) => {
    if (refusal || buf.length === 0) return;
    headers.push(buf);
    kept.push(buf);
    try {
      await writer!.write(buf);
    } catch (err) {
      ctx.logger.error("spool write failed", { id: writer!.id, error: String(err) });
      refusal = Replies.queueWriteError();
    }
  };
  if (writer) await write(Buffer.from(receivedHeader(session, writer.id, envelope, ctx.hostName()), "latin1"));
  // The header we just added is ours, not a hop the message made before reaching us.
  const ownHops = 1;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (refusal) continue;
    if (limit > 0 && bytes > limit) {
      refusal = Replies.sizeExceeded();
      continue;
    }
    await write(normalizer.push(chunk));
  }
  await write(normalizer.end());
  if (!refusal && headers.receivedCount() - ownHops >= state.source.maxMessageHops) refusal = Replies.tooManyHops();
  if (refusal || !writer) {
    await writer?.abort().catch(() => undefined);
    throw refusal ?? Replies.queueWriteError();
  }
  let committed: Envelope;
  try {
    committed = await writer.commit();
  } catch (err) {
    ctx.logger.error("spool commit failed", { id: writer.id, error: String(err) });
    await writer.abort().catch(() => undefined);
    throw Replies.queueWriteError();
  }
  ctx.accept(committed, kept.content());
  return committed.id;
}

function envelopeOf(session: SMTPServerSession, now: number): Omit<Envelope, "id" | "size"> {
  const env = session.envelope;
  const dsn = env.dsn ?? undefined;
  const recipients: EnvelopeRecipient[] = env.rcptTo.map((r) => {
    const rcpt: EnvelopeRecipient = { address: r.address };
    if (r.dsn?.orcpt) rcpt.orcpt = r.dsn.orcpt;
    const notify = notifyOf(r.dsn?.notify);
    if (notify) rcpt.notify = notify;
    return rcpt;
  });
  const out: Omit<Envelope, "id" | "size"> = {
    receivedAt: now,
    mailFrom: env.mailFrom ? env.mailFrom.address : "",
    recipients,
    source: {
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs || "",
      type: "smtp",
      tls: session.secure,
      ...(session.user ? { user: String(session.user) } : {}),
    },
  };
  if (dsn?.envid) out.envId = dsn.envid;
  if (dsn?.ret === "FULL" || dsn?.ret === "HDRS") out.ret = dsn.ret;
  return out;
}

function notifyOf(values: string[] | undefined): DsnNotify | undefined {
  if (!values || values.length === 0) return undefined;
  const upper = values.map((v) => v.toUpperCase());
  if (upper.includes("NEVER")) return "NEVER";
  return { success: upper.includes("SUCCESS"), failure: upper.includes("FAILURE"), delay: upper.includes("DELAY") };
}

/** RFC 5321 §4.4 trace field; client-supplied names are stripped of anything that could break it. */
function receivedHeader(session: SMTPServerSession, id: string, envelope: Omit<Envelope, "id" | "size">, host: string): string {
  const clean = (s: string) => s.replace(/[^\x21-\x7e]/g, "").slice(0, 255) || "unknown";
  const helo = clean(session.hostNameAppearsAs || "");
  const protocol = `ESMTP${session.secure ? "S" : ""}${session.user ? "A" : ""}`;
  const forClause = envelope.recipients.length === 1 ? `\r\n\tfor <${clean(envelope.recipients[0].address)}>` : "";
  return `Received: from ${helo} (${clean(session.clientHostname || "")} [${session.remoteAddress}])\r\n\tby ${clean(host)} (Hermod) with ${protocol} id ${id}${forClause};\r\n\t${rfc5322Date(envelope.receivedAt)}\r\n`;
}

/** RFC 5322 date in UTC; the text changes once a second, so it is formatted once a second. */
let dateCache = { second: -1, text: "" };
function rfc5322Date(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== dateCache.second) dateCache = { second, text: new Date(second * 1000).toUTCString().replace("GMT", "+0000") };
  return dateCache.text;
}
