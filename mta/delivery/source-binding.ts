/**
 * Which source address and HELO name a new connection of a queue uses: the VirtualMTA's
 * `smtp-source-host` entries in rotation, skipping addresses `disable-source-ip` took out of this
 * queue and those at their `source-ip-max-smtp-out` or `source-ip-max-connect-rate`.
 */

import type { DomainSettings } from "../config/types";
import type { DeliveryQueue } from "../queue/delivery-queue";
import { sourceIpRule } from "../queue/shared-limits";

export interface VirtualMtaBinding {
  sourceHosts: readonly { ip: string; hostName: string }[];
  hostName?: string;
}

export interface Binding {
  localAddress?: string;
  heloName: string;
}

export type BindResult = { kind: "bound"; binding: Binding } | { kind: "wait"; until: number } | { kind: "unconfigured" };

export class SourceBinder {
  private readonly rotation = new Map<string, number>();

  /**
   * @param vmta the queue's VirtualMTA: null for `{default}` (no binding), undefined when not configured
   */
  bind(queue: DeliveryQueue, vmta: VirtualMtaBinding | null | undefined, settings: DomainSettings, defaultHelo: string, now: number): BindResult {
    if (vmta === undefined) return { kind: "unconfigured" };
    if (vmta === null || vmta.sourceHosts.length === 0) return { kind: "bound", binding: { heloName: vmta?.hostName ?? defaultHelo } };
    const hosts = vmta.sourceHosts;
    const start = this.rotation.get(queue.vmta) ?? 0;
    let earliest = Infinity;
    for (let k = 0; k < hosts.length; k++) {
      const host = hosts[(start + k) % hosts.length];
      const state = queue.sourceIp(host.ip);
      if (state.disabledUntil > now) {
        earliest = Math.min(earliest, state.disabledUntil);
        continue;
      }
      const max = sourceIpRule(settings.sourceIpMaxSmtpOut, host.ip)?.max ?? Infinity;
      if (state.active >= max) continue;
      state.connect.setRate(sourceIpRule(settings.sourceIpMaxConnectRate, host.ip)?.rate ?? null);
      const at = state.connect.availableAt(now);
      if (at > now) {
        earliest = Math.min(earliest, at);
        continue;
      }
      this.rotation.set(queue.vmta, start + k + 1);
      state.connect.take(now);
      return { kind: "bound", binding: { localAddress: host.ip, heloName: host.hostName || vmta.hostName || defaultHelo } };
    }
    // Every address is busy or disabled: try again when the first one frees up (a closing
    // connection dispatches the queue again as well).
    return { kind: "wait", until: earliest === Infinity ? now + 1_000 : earliest };
  }
}
