/**
 * The webhook channel: POSTs the notification as JSON. Only http(s) URLs; a reply that is not 2xx, a
 * redirect, or no answer within the timeout is a failure with a message fit for the Alert row.
 */

import type { AlertNotification } from "./alert-notification";

export const WEBHOOK_TIMEOUT_MS = 5_000;

export class NotifyError extends Error {
  override name = "NotifyError";
}

export async function postWebhook(url: string, notification: AlertNotification, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NotifyError(`invalid webhook URL "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new NotifyError(`webhook URL must be http or https, not ${parsed.protocol}`);

  let res: Response;
  try {
    res = await fetch(parsed, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Hermod-Alerts" },
      body: JSON.stringify(notification),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    if (name === "TimeoutError" || name === "AbortError") throw new NotifyError(`webhook did not answer within ${timeoutMs / 1000} s`);
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    throw new NotifyError(`webhook request failed: ${cause}`);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status > 299) throw new NotifyError(`webhook answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
}
