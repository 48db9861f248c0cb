/**
 * A load injector for durability tests: sends numbered messages (`X-Test-Id: N`) over several SMTP
 * sessions and keeps a ledger of what the server answered for each. A session that breaks (the server
 * was killed) is reopened after a pause, and a message without a 250 is sent again. Test-only.
 */

import { RawSmtp } from "./raw-smtp";

export type Answer = "250" | "4xx" | "5xx" | "none";

export interface Ledger {
  /** Every answer each id got, in order. */
  answers: Map<number, Answer[]>;
}

export async function inject(opts: { port: number; count: number; concurrency: number; to: (n: number) => string; body?: string; deadlineMs: number }): Promise<Ledger> {
  const answers = new Map<number, Answer[]>();
  const pending: number[] = Array.from({ length: opts.count }, (_, i) => i);
  const deadline = Date.now() + opts.deadlineMs;
  const note = (id: number, a: Answer) => answers.set(id, [...(answers.get(id) ?? []), a]);

  async function worker(): Promise<void> {
    let c: RawSmtp | null = null;
    while (Date.now() < deadline) {
      const id = pending.shift();
      if (id === undefined) break;
      try {
        if (!c || c.isClosed) {
          c = await RawSmtp.connect(opts.port);
          if (!(await c.reply(5_000)).startsWith("220")) throw new Error("no greeting");
          await c.command("EHLO injector.test");
        }
        await c.command("MAIL FROM:<inject@src.test>");
        await c.command(`RCPT TO:<${opts.to(id)}>`);
        if (!(await c.command("DATA")).startsWith("354")) throw new Error("DATA refused");
        c.write(`X-Test-Id: ${id}\r\nSubject: durability ${id}\r\n\r\n${opts.body ?? "payload"}\r\n.\r\n`);
        const reply = await c.reply(20_000);
        const answer: Answer = reply.startsWith("250") ? "250" : reply.startsWith("4") ? "4xx" : "5xx";
        note(id, answer);
        if (answer !== "250") pending.push(id);
        if (answer !== "250") await c.command("RSET").catch(() => undefined);
      } catch {
        note(id, "none");
        pending.push(id);
        c?.close();
        c = null;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    c?.close();
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { answers };
}
