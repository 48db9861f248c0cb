/**
 * Inbound authentication during DATA, the way a milter does it: the content is teed to mailauth as it
 * is received (so it is never held whole for this), the DNS checks run once it ends, and the reply
 * waits for them, bounded by the timeout. The result goes into the spool with the envelope
 * (`EnvelopeAddendum`), so a restart between the 250 and the delivery keeps it.
 */

import { PassThrough } from "node:stream";
import type { Logger } from "../ports";
import type { EnvelopeAddendum, InboundAuthRecord } from "../spool/spool";
import { authenticateInbound, GRACE_MS, timedOutAuth, DEFAULT_INBOUND_AUTH_TIMEOUT_MS, type InboundAuth, type InboundAuthOptions } from "./authenticate";

export class ReceptionCheck {
  private readonly stream = new PassThrough();
  private readonly done: Promise<InboundAuth | null>;
  private readonly timeoutMs: number;

  constructor(
    private readonly opts: InboundAuthOptions,
    logger: Logger,
  ) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_INBOUND_AUTH_TIMEOUT_MS;
    this.stream.on("error", () => undefined);
    this.done = authenticateInbound(this.stream, opts).catch((err: unknown) => {
      logger.warn("inbound authentication failed", { error: String(err) });
      this.stream.destroy();
      return null;
    });
  }

  /** Content as received (canonical CRLF), in order. */
  push(chunk: Buffer): void {
    if (!this.stream.destroyed && chunk.length > 0) this.stream.write(chunk);
  }

  /**
   * Ends the content and waits for the results; never longer than the timeout and a grace period
   * (then every check says temperror). Undefined when the check itself broke (logged).
   */
  async finish(): Promise<EnvelopeAddendum> {
    this.stream.end();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<InboundAuth>((resolve) => {
      timer = setTimeout(() => resolve(timedOutAuth(this.opts)), this.timeoutMs + 2 * GRACE_MS);
    });
    try {
      const result = await Promise.race([this.done, late]);
      return result ? { inboundAuth: toRecord(result) } : {};
    } finally {
      clearTimeout(timer);
    }
  }

  /** The message was refused: stop reading it. */
  abort(): void {
    this.stream.destroy();
  }
}

export function toRecord(auth: InboundAuth): InboundAuthRecord {
  return { header: auth.header, ...(auth.arc ? { arc: auth.arc } : {}) };
}
