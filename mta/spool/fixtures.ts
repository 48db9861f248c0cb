/**
 * Test fixtures for the spool's tests (not imported by production code): envelopes, deterministic
 * content, a capturing logger, a fake clock and stream helpers.
 */

import type { Readable } from "node:stream";
import type { Clock, Logger } from "../ports";
import type { Envelope, Spool } from "./spool";

export function envelopeFor(n: number, recipients = 2): Omit<Envelope, "size" | "id"> {
  return {
    receivedAt: 1_700_000_000_000 + n,
    mailFrom: `sender${n}@src.test`,
    recipients: Array.from({ length: recipients }, (_, i) => ({ address: `rcpt${i}.${n}@dst.test` })),
    source: { ip: "127.0.0.1", helo: "feeder.test", type: "smtp" },
  };
}

/** Deterministic, non-repeating bytes so a shifted or truncated copy never matches. */
export function contentFor(n: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = (n + 1) * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    buf[i] = x >>> 24;
  }
  return buf;
}

export function chunksOf(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Spools one message in chunks and commits it. */
export async function spoolMessage(
  spool: Spool,
  n: number,
  content: Buffer,
  opts: { id?: string; recipients?: number; chunk?: number; dsnFor?: Envelope["dsnFor"] } = {},
): Promise<Envelope> {
  const w = await spool.create({ ...envelopeFor(n, opts.recipients), dsnFor: opts.dsnFor }, { id: opts.id });
  for (const c of chunksOf(content, opts.chunk ?? 16 * 1024)) await w.write(c);
  return w.commit();
}

export interface CapturingLogger extends Logger {
  lines: { level: string; msg: string; fields?: Record<string, unknown> }[];
}

export function capturingLogger(): CapturingLogger {
  const lines: CapturingLogger["lines"] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => lines.push({ level, msg, fields });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export function fakeClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}
