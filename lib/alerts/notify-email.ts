/**
 * The email channel, "through Hermod itself": the notification is submitted over SMTP to this
 * process's own first `smtp-listener`, from the config's `postmaster`, so it is queued, shaped,
 * retried and accounted like any other mail. The listener must let the console relay: the default
 * config's `<source 127.0.0.1> always-allow-relaying yes` does (a wildcard listener address is
 * reached on loopback).
 */

import nodemailer from "nodemailer";
import { loadConfigFile } from "@/mta/index";
import { notificationText, notificationTitle, type AlertNotification } from "./alert-notification";
import { NotifyError } from "./notify-webhook";

export const SMTP_TIMEOUT_MS = 10_000;

export interface MailRoute {
  host: string;
  port: number;
  /** The envelope and header sender: the config's postmaster. */
  from: string;
  /** Our name in EHLO: the config's host-name. */
  hostName: string;
}

function connectHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "::1";
  return host.replace(/^\[(.*)\]$/, "$1");
}

/** The first listener and the postmaster of the config file as it is now. */
export async function mailRouteFromConfig(configPath: string): Promise<MailRoute> {
  const { config } = await loadConfigFile(configPath);
  const listener = config?.listeners[0];
  if (!config || !listener) throw new NotifyError(`${configPath} has errors, so there is no SMTP listener to send the alert through`);
  return { host: connectHost(listener.host), port: listener.port, from: config.postmaster, hostName: config.hostName };
}

export async function sendAlertEmail(route: MailRoute, to: string, notification: AlertNotification, timeoutMs = SMTP_TIMEOUT_MS): Promise<void> {
  const transport = nodemailer.createTransport({
    host: route.host,
    port: route.port,
    secure: false,
    // A hop to ourselves on loopback: no STARTTLS, whose certificate would not name 127.0.0.1.
    ignoreTLS: true,
    name: route.hostName,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    await transport.sendMail({
      from: { name: "Hermod alerts", address: route.from },
      to,
      subject: notificationTitle(notification),
      text: notificationText(notification),
      headers: { "X-Hermod-Alert": notification.state },
    });
  } catch (err) {
    const response = (err as { response?: string }).response;
    const detail = response ?? (err instanceof Error ? err.message : String(err));
    throw new NotifyError(`could not submit the alert email to ${route.host}:${route.port}: ${detail}`);
  } finally {
    transport.close();
  }
}
