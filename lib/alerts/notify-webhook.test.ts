import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertNotification } from "./alert-notification";
import { postWebhook } from "./notify-webhook";

const notification: AlertNotification = {
  rule: "Big queues",
  kind: "queue-size",
  subject: "a.test/{default}",
  message: "Queue a.test/{default} holds 6 recipients (threshold 5).",
  state: "firing",
  firedAt: "2026-01-01T12:00:00.000Z",
  resolvedAt: null,
};

describe("webhook channel (real local HTTP server)", () => {
  let server: Server;
  let base: string;
  const received: { method?: string; path?: string; type?: string; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        received.push({ method: req.method, path: req.url, type: req.headers["content-type"], body: raw ? JSON.parse(raw) : null });
        if (req.url === "/ok") return void res.writeHead(204).end();
        if (req.url === "/fail") return void res.writeHead(500, "Internal Server Error").end("boom");
        if (req.url === "/redirect") return void res.writeHead(302, { location: "/ok" }).end();
        // /slow: never answers
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("POSTs the notification as JSON", async () => {
    await postWebhook(`${base}/ok`, notification);
    expect(received.at(-1)).toEqual({ method: "POST", path: "/ok", type: "application/json", body: notification });
  });

  it("fails on a 500, naming the status", async () => {
    await expect(postWebhook(`${base}/fail`, notification)).rejects.toThrow("webhook answered HTTP 500 Internal Server Error");
  });

  it("does not follow redirects", async () => {
    await expect(postWebhook(`${base}/redirect`, notification)).rejects.toThrow("webhook answered HTTP 302");
  });

  it("gives up after the timeout", async () => {
    const started = Date.now();
    await expect(postWebhook(`${base}/slow`, notification, 300)).rejects.toThrow("webhook did not answer within 0.3 s");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("reports a refused connection and refuses other schemes", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(postWebhook(`http://127.0.0.1:${port}/`, notification)).rejects.toThrow(/webhook request failed: .*ECONNREFUSED/);
    await expect(postWebhook("file:///etc/passwd", notification)).rejects.toThrow("webhook URL must be http or https, not file:");
  });
});
