"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { TQueueActionInput } from "@/lib/schemas/queue-action";
import type { TActionResult } from "@/lib/schemas/user";
import { queueAction } from "./actions";

/** Runs one queue action, keeps its result for an Alert, and refreshes the page's data. */
export function useQueueAction() {
  const router = useRouter();
  const [result, setResult] = useState<TActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (input: TQueueActionInput, after?: (r: TActionResult) => void) =>
    startTransition(async () => {
      const r = await queueAction(input);
      setResult(r);
      after?.(r);
      router.refresh();
    });
  return { result, pending, run };
}
