/**
 * DATA: stream the message into the spool while checking it, and answer only when it is durable.
 *
 * The content is never held in memory as a whole: each chunk is normalised (line-endings.ts) and the
 * header section is collected (header-block.ts, bounded). Once the header section is known, the
 * message is routed (VirtualMTA, job id: routing/virtual-mta.ts), its control headers are stripped,
 * our Received header is added, and the spool file is created with the final envelope; the body then
 * streams straight to it with back-pressure. A message over the size or hop limit is read to its end,
 * discarded and refused; a write error gives 451 4.3.0. Nothing of a refused message stays.
 * With `verify-inbound-auth`, the content is also teed to mta/inbound-auth, whose results (bounded in
 * time) are committed with the envelope before the 250.
 */

import type { Readable } from "node:stream";
import type { SMTPServerSession } from "smtp-server";
import type { MtaConfig } from "../config/types";
import { Replies, SmtpReplyError } from "../errors";
import type { Clock, Logger } from "../ports";
import type { AuthDns } from "../inbound-auth/dns";
import { removeForgedResults } from "../inbound-auth/forged";
import { ReceptionCheck } from "../inbound-auth/reception";
import { ContentCollector } from "../queue/content-cache";
import type { VirtualMtaRouter } from "../routing/virtual-mta";
import type { DsnNotify, Envelope, EnvelopeRecipient, Spool, SpoolWriter } from "../spool/spool";
import { HeaderBlock } from "./header-block";
import { parseFields, removeFields } from "./header-fields";
import { LineEndingNormalizer } from "./line-endings";
import type { SessionState } from "./session-policy";

export interface ReceiveContext {
  spool: Spool;
  clock: Clock;
  logger: Logger;
  config(): MtaConfig;
  router: VirtualMtaRouter;
  /**
   * Hands a durable message to the queues; called before the 250 is sent. `content` is the spooled
   * content when it was small enough to keep in memory for the first delivery attempt.
   */
  accept(envelope: Envelope, content: Buffer | null): void;
  /** DNS for `verify-inbound-auth` (mta/inbound-auth); without it no source is checked. */
  authDns?: AuthDns;
  /**
   * Addresses a `<feedback-loop-processor>` or `<bounce-processor>` takes mail for, from anyone
   * (session-policy.ts); mail to them is always authenticated, whatever the source's setting.
   */
  isProcessorAddress?(address: string): boolean;
}

/** Receives one message; resolves with the spool id, or rejects with the SMTP reply to give. */
export async function receiveMessage(stream: Readable, session: SMTPServerSession, state: SessionState, ctx: ReceiveContext): Promise<string> {
  const config = ctx.config();
  const base = envelopeOf(session, ctx.clock.now());
  const limit = state.source.maxMessageSize;
  const normalizer = new LineEndingNormalizer();
  const headers = new HeaderBlock();
  const kept = new ContentCollector();
  const head: Buffer[] = [];
  let writer: SpoolWriter | null = null;
  let refusal: SmtpReplyError | null = null;
  let bytes = 0;
  // verify-inbound-auth, and mail for the processors: SPF/DKIM/DMARC/ARC on the content as received,
  // answered before the 250.
  const verify = state.source.verifyInboundAuth || base.recipients.some((r) => ctx.isProcessorAddress?.(r.address) === true);
  const check =
    verify && ctx.authDns
      ? new ReceptionCheck({ ip: base.source.ip, helo: base.source.helo, mailFrom: base.mailFrom, hostName: config.hostName, resolver: ctx.authDns, timeoutMs: state.source.verifyInboundAuthTimeout }, ctx.logger)
      : null;

  const write = async (buf: Buffer) => {
    if (refusal || buf.length === 0) return;
    kept.push(buf);
    try {
      await writer!.write(buf);
    } catch (err) {
      ctx.logger.error("spool write failed", { id: writer!.id, error: String(err) });
      refusal = Replies.queueWriteError();
    }
  };

  /**
   * Routes the message on its header section and opens the spool file with the final envelope.
   * `whole` says the content ended: then the section is complete lines even without an empty line.
   */
  const open = async (whole: boolean) => {
    const section = headers.text();
    const fields = parseFields(section);
    const routed = ctx.router.route(config, {
      mailFrom: base.mailFrom,
      recipients: base.recipients.map((r) => r.address),
      fields,
      source: state.source,
    });
    if (!routed.ok) {
      refusal = new SmtpReplyError(550, "5.3.5", routed.reason);
      return;
    }
    const envelope = { ...base, recipients: base.recipients.map((r, i) => withRoute(r, routed.routes[i])), ...(routed.jobId ? { jobId: routed.jobId } : {}) };
    try {
      writer = await ctx.spool.create(envelope);
    } catch (err) {
      ctx.logger.error("spool create failed", { error: String(err) });
      refusal = Replies.queueWriteError();
      return;
    }
    const buffered = Buffer.concat(head);
    head.length = 0;
    const received = state.source.addReceivedHeader ? receivedHeader(session, writer.id, envelope, config.hostName, state.source.hideMessageSource) : "";
    const sectionBytes = Buffer.byteLength(section, "latin1");
    // A section cut at the size cap may end mid-line: it is passed on untouched rather than edited.
    const editable = whole || headers.endsAtEmptyLine;
    const edited = editable ? removeFields(section, routed.strip) : section;
    await write(Buffer.from(received + (check && editable ? removeForgedResults(edited, config.hostName) : edited), "latin1"));
    await write(buffered.subarray(sectionBytes));
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (refusal) continue;
    if (limit > 0 && bytes > limit) {
      refusal = Replies.sizeExceeded();
      continue;
    }
    const canonical = normalizer.push(chunk);
    check?.push(canonical);
    if (writer) {
      await write(canonical);
      continue;
    }
    head.push(canonical);
    headers.push(canonical);
    if (headers.complete) await open(false);
  }
  if (!refusal) {
    const tail = normalizer.end();
    check?.push(tail);
    if (writer) await write(tail);
    else {
      head.push(tail);
      headers.push(tail);
      await open(true);
    }
  }
  if (!refusal && headers.receivedCount() >= state.source.maxMessageHops) refusal = Replies.tooManyHops();
  if (refusal || !writer) {
    check?.abort();
    await (writer as SpoolWriter | null)?.abort().catch(() => undefined);
    throw refusal ?? Replies.queueWriteError();
  }
  const done: SpoolWriter = writer;
  let committed: Envelope;
  try {
    committed = await done.commit(check ? await check.finish() : undefined);
  } catch (err) {
    ctx.logger.error("spool commit failed", { id: done.id, error: String(err) });
    await done.abort().catch(() => undefined);
    throw Replies.queueWriteError();
  }
  ctx.accept(committed, kept.content());
  return committed.id;
}

function withRoute(r: EnvelopeRecipient, route: { vmta?: string; pool?: string } | undefined): EnvelopeRecipient {
  if (!route?.vmta) return r;
  return { ...r, vmta: route.vmta, ...(route.pool ? { vmtaPool: route.pool } : {}) };
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

/**
 * RFC 5321 §4.4 trace field; client-supplied names are stripped of anything that could break it.
 * `hide-message-source` leaves the feeder's name and address out.
 */
function receivedHeader(session: SMTPServerSession, id: string, envelope: Omit<Envelope, "id" | "size">, host: string, hideSource: boolean): string {
  const clean = (s: string) => s.replace(/[^\x21-\x7e]/g, "").slice(0, 255) || "unknown";
  const protocol = `ESMTP${session.secure ? "S" : ""}${session.user ? "A" : ""}`;
  const from = hideSource ? "" : `from ${clean(session.hostNameAppearsAs || "")} (${clean(session.clientHostname || "")} [${session.remoteAddress}])\r\n\t`;
  const forClause = envelope.recipients.length === 1 ? `\r\n\tfor <${clean(envelope.recipients[0].address)}>` : "";
  return `Received: ${from}by ${clean(host)} (Hermod) with ${protocol} id ${id}${forClause};\r\n\t${rfc5322Date(envelope.receivedAt)}\r\n`;
}

/** RFC 5322 date in UTC; the text changes once a second, so it is formatted once a second. */
let dateCache = { second: -1, text: "" };
function rfc5322Date(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== dateCache.second) dateCache = { second, text: new Date(second * 1000).toUTCString().replace("GMT", "+0000") };
  return dateCache.text;
}
