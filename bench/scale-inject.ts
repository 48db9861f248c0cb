/**
 * The scale bench's injector: N recipients over D domains, `perMessage` recipients a message, sent
 * over several SMTP sessions with the envelope pipelined (MAIL, every RCPT and DATA in one write).
 * Recipient k (0-based) is `r<k>@d<k mod D>.scale.test`, so consecutive recipients of a message go
 * to consecutive domains and every domain gets N/D recipients. It keeps counters only, so the bench
 * stays small whatever N is.
 */

import { RawSmtp } from "../mta/testing/raw-smtp";

export interface ScaleLoad {
  port: number;
  recipients: number;
  domains: number;
  perMessage: number;
  sessions: number;
}

export interface InjectProgress {
  /** Messages answered 250 after DATA. */
  messages: number;
  /** Recipients of those messages that RCPT accepted. */
  recipients: number;
  /** Recipients refused at RCPT or in messages refused after DATA. */
  refused: number;
  /** Transactions retried after a broken session or a 4xx. */
  retries: number;
  /** The first few distinct problems, for the report. */
  problems: string[];
}

export const scaleDomain = (i: number): string => `d${i}.scale.test`;
export const scaleRecipient = (k: number, domains: number): string => `r${k}@${scaleDomain(k % domains)}`;

const FILLER = "Scale bench filler line, to give the message a realistic body size.\r\n".repeat(6);
const MAX_TRIES = 5;

function message(i: number): string {
  return `From: bench@src.scale.test\r\nTo: undisclosed-recipients:;\r\nSubject: scale ${i}\r\nMessage-ID: <${i}@bench.scale.test>\r\n\r\n${FILLER}`;
}

/** Injects the whole load; `progress` is updated as answers arrive. */
export async function injectScale(load: ScaleLoad, progress: InjectProgress): Promise<void> {
  const total = Math.ceil(load.recipients / load.perMessage);
  let next = 0;
  const note = (problem: string) => {
    if (progress.problems.length < 10 && !progress.problems.includes(problem)) progress.problems.push(problem);
  };

  async function open(): Promise<RawSmtp> {
    const c = await RawSmtp.connect(load.port);
    const greeting = await c.reply(30_000);
    if (!greeting.startsWith("220")) throw new Error(`greeting: ${greeting}`);
    await c.command("EHLO injector.scale.test");
    return c;
  }

  /** One transaction; "retry" when the server said 4xx at DATA or the session broke. */
  async function send(c: RawSmtp, i: number): Promise<"done" | "retry"> {
    const first = i * load.perMessage;
    const last = Math.min(load.recipients, first + load.perMessage);
    const lines = ["MAIL FROM:<bench@src.scale.test>"];
    for (let k = first; k < last; k++) lines.push(`RCPT TO:<${scaleRecipient(k, load.domains)}>`);
    lines.push("DATA");
    c.write(lines.join("\r\n") + "\r\n");
    const mail = await c.reply(60_000);
    let accepted = 0;
    for (let k = first; k < last; k++) {
      const r = await c.reply(60_000);
      if (r.startsWith("250")) accepted++;
      else note(`RCPT: ${r}`);
    }
    const go = await c.reply(60_000);
    if (!mail.startsWith("250") || !go.startsWith("354")) {
      note(`MAIL/DATA: ${mail} / ${go}`);
      await c.command("RSET");
      return mail.startsWith("4") || go.startsWith("4") ? "retry" : (progress.refused += last - first, "done");
    }
    c.write(message(i) + ".\r\n");
    const final = await c.reply(120_000);
    if (final.startsWith("250")) {
      progress.messages++;
      progress.recipients += accepted;
      progress.refused += last - first - accepted;
      return "done";
    }
    note(`end of DATA: ${final}`);
    if (final.startsWith("4")) return "retry";
    progress.refused += last - first;
    return "done";
  }

  async function session(): Promise<void> {
    let c: RawSmtp | null = null;
    while (next < total) {
      const i = next++;
      for (let attempt = 1; ; attempt++) {
        try {
          c ??= await open();
          if ((await send(c, i)) === "done") break;
        } catch (err) {
          note(`session: ${err instanceof Error ? err.message : String(err)}`);
          c?.close();
          c = null;
        }
        if (attempt >= MAX_TRIES) {
          progress.refused += Math.min(load.recipients, (i + 1) * load.perMessage) - i * load.perMessage;
          break;
        }
        progress.retries++;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    if (c) {
      await c.command("QUIT").catch(() => "");
      c.close();
    }
  }

  await Promise.all(Array.from({ length: load.sessions }, session));
}
