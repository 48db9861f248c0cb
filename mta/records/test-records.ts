/** Test helpers shared by the records tests: a sample record, a recording logger, an in-memory disk. */

import type { Logger } from "../ports";
import type { AcctFileIo } from "./acct-file-io";
import { PartialWriteError } from "./acct-file-io";
import type { AcctRecord } from "./acct-record";

export const T0 = Date.UTC(2024, 4, 1, 10, 0, 5);

export function record(over: Partial<AcctRecord> = {}): AcctRecord {
  return {
    type: "d",
    timeLogged: T0,
    timeQueued: T0 - 4_000,
    orig: "b-123@bounce.example.com",
    rcpt: "ann@example.net",
    orcpt: "",
    dsnAction: "relayed",
    dsnStatus: "2.0.0 (success)",
    dsnDiag: "smtp;250 2.0.0 OK",
    dsnMta: "mx.example.net (198.51.100.7)",
    bounceCat: "",
    srcType: "smtp",
    srcMta: "app1.example.com (10.0.0.5)",
    dlvType: "smtp",
    dlvSourceIp: "192.0.2.11",
    dlvDestinationIp: "198.51.100.7",
    dlvEsmtpAvailable: "PIPELINING,8BITMIME,STARTTLS",
    dlvSize: 4213,
    vmta: "bulk1",
    jobId: "spring-sale",
    envId: "",
    queue: "example.net/bulk1",
    vmtaPool: "pool-bulk",
    dlvTlsProtocol: "TLSv1.3",
    dlvTlsCipher: "TLS_AES_256_GCM_SHA384",
    messageId: "0abc123",
    ...over,
  };
}

export interface RecordingLogger extends Logger {
  calls: { level: string; msg: string; fields?: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const calls: RecordingLogger["calls"] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void calls.push({ level, msg, fields });
  return { calls, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * An in-memory AcctFileIo. `failures` is consumed one entry per append: a number N makes that append
 * write N bytes and then fail, as a full disk would.
 */
export class MemoryIo implements AcctFileIo {
  files = new Map<string, string>();
  appends = 0;
  failures: number[] = [];

  async size(path: string) {
    return Buffer.byteLength(this.files.get(path) ?? "");
  }
  async firstLine(path: string) {
    return (this.files.get(path) ?? "").split(/\r?\n/)[0];
  }
  async append(path: string, data: Buffer) {
    this.appends++;
    const fail = this.failures.shift();
    const take = fail === undefined ? data.length : fail;
    this.files.set(path, (this.files.get(path) ?? "") + data.subarray(0, take).toString("utf8"));
    if (fail !== undefined) throw new PartialWriteError(take, new Error("ENOSPC: no space left on device"));
  }
  async exists(path: string) {
    return this.files.has(path);
  }
  async rename(from: string, to: string) {
    this.files.set(to, this.files.get(from) ?? "");
    this.files.delete(from);
  }
}
