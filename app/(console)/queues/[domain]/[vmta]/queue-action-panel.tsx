"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { TQueueDetail } from "@/lib/services/queues/queue-detail";
import type { useQueueAction } from "../../run-action";

type Action = ReturnType<typeof useQueueAction>;

/** Operator actions on one queue (shown only with queues.write; the server checks it again). */
export function QueueActionPanel({ detail, action }: { detail: TQueueDetail; action: Action }) {
  const { run, pending } = action;
  const queue = detail.key;
  const q = detail.snapshot;
  const [ip, setIp] = useState(detail.sourceIps[0] ?? "");
  const [reenableAfter, setReenableAfter] = useState("");
  const [del, setDel] = useState({ jobId: "", sender: "", olderThan: "", dsn: false });
  const [confirming, setConfirming] = useState(false);

  const deleteInput = {
    action: "delete" as const,
    queue,
    jobId: del.jobId.trim() || undefined,
    sender: del.sender.trim() || undefined,
    olderThan: del.olderThan.trim() || undefined,
    dsn: del.dsn,
  };
  const filters = [deleteInput.jobId && `job ${deleteInput.jobId}`, deleteInput.sender && `sender ${deleteInput.sender}`, deleteInput.olderThan && `older than ${deleteInput.olderThan}`].filter(Boolean);

  return (
    <Card data-testid="queue-actions">
      <CardHeader>
        <CardTitle>Actions</CardTitle>
        <CardDescription>Each action is recorded in the audit trail with your name.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        <div className="flex flex-wrap gap-2">
          {q?.paused ? (
            <Button disabled={pending} onClick={() => run({ action: "resume-queue", queue })}>
              Resume queue
            </Button>
          ) : (
            <Button disabled={pending} onClick={() => run({ action: "pause-queue", queue })}>
              Pause queue
            </Button>
          )}
          <Button variant="outline" disabled={pending} onClick={() => run({ action: "retry-now", queue })}>
            Retry now
          </Button>
          {q?.mode === "backoff" ? (
            <Button variant="outline" disabled={pending} onClick={() => run({ action: "set-mode", queue, mode: "normal" })}>
              Set normal mode
            </Button>
          ) : (
            <Button variant="outline" disabled={pending} onClick={() => run({ action: "set-mode", queue, mode: "backoff" })}>
              Set backoff mode
            </Button>
          )}
        </div>

        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            run({ action: "disable-source", queue, ip, reenableAfter: reenableAfter.trim() || undefined });
          }}
        >
          <div className="flex flex-col gap-1">
            <Label htmlFor="disable-ip">Source IP</Label>
            {detail.sourceIps.length > 0 ? (
              <Select id="disable-ip" value={ip} onChange={(e) => setIp(e.target.value)}>
                {detail.sourceIps.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </Select>
            ) : (
              <Input id="disable-ip" className="w-48" value={ip} onChange={(e) => setIp(e.target.value)} placeholder="192.0.2.10" />
            )}
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="disable-after">Re-enable after (optional)</Label>
            <Input id="disable-after" className="w-40" value={reenableAfter} onChange={(e) => setReenableAfter(e.target.value)} placeholder="30m" />
          </div>
          <Button type="submit" variant="outline" disabled={pending || !ip}>
            Disable source
          </Button>
        </form>

        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setConfirming(true);
          }}
        >
          <div className="flex flex-col gap-1">
            <Label htmlFor="delete-job">Job (optional)</Label>
            <Input id="delete-job" className="w-40" value={del.jobId} onChange={(e) => setDel({ ...del, jobId: e.target.value })} />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="delete-sender">Sender (optional)</Label>
            <Input id="delete-sender" className="w-56" value={del.sender} onChange={(e) => setDel({ ...del, sender: e.target.value })} />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="delete-older">Older than (optional)</Label>
            <Input id="delete-older" className="w-32" value={del.olderThan} onChange={(e) => setDel({ ...del, olderThan: e.target.value })} placeholder="2h" />
          </div>
          <label className="flex h-9 items-center gap-2 text-sm">
            <input type="checkbox" checked={del.dsn} onChange={(e) => setDel({ ...del, dsn: e.target.checked })} />
            Send DSN to senders
          </label>
          {!confirming && (
            <Button type="submit" variant="destructive" disabled={pending}>
              Delete recipients…
            </Button>
          )}
        </form>
        {confirming && (
          <div className="flex flex-wrap items-center gap-3 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm" data-testid="delete-confirm">
            <span>
              Delete every waiting recipient of {queue}
              {filters.length > 0 ? ` (${filters.join(", ")})` : ""}
              {del.dsn ? ", with a DSN to each sender" : ", without DSN"}? This cannot be undone.
            </span>
            <Button variant="destructive" size="sm" disabled={pending} onClick={() => run(deleteInput, () => setConfirming(false))}>
              Confirm delete
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
