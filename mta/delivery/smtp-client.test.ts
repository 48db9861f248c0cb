/**
 * SmtpSession.open against loopback: a connection attempt leaves nothing behind on the signal it was
 * given, whether it succeeds or fails (the dispatcher passes one shared signal to every attempt).
 */

import { getEventListeners } from "node:events";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSink, type Sink } from "../testing/sink";
import { SmtpSession, type SessionOptions } from "./smtp-client";

let sink: Sink;
let closedPort: number;

beforeAll(async () => {
  sink = await startSink({});
  // A port that was just ours and is now closed: connecting to it is refused at once.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await sink?.close();
});

const options = (port: number): SessionOptions => ({
  ip: "127.0.0.1",
  port,
  host: "mx.test",
  heloName: "hermod.test",
  useStarttls: false,
  connectTimeoutMs: 2_000,
  greetingTimeoutMs: 2_000,
  socketTimeoutMs: 2_000,
});

describe("SmtpSession.open and its abort signal", () => {
  it("removes its abort listener when the connection is refused", async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 50; i++) {
      await expect(SmtpSession.open(options(closedPort), signal)).rejects.toMatchObject({ code: expect.any(String) });
    }
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("removes its abort listener when the session opens", async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) {
      const session = await SmtpSession.open(options(sink.port), signal);
      session.close();
    }
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("rejects at once with EABORT when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(SmtpSession.open(options(closedPort), controller.signal)).rejects.toMatchObject({ code: "EABORT" });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
