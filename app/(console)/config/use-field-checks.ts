"use client";

import { useEffect, useRef, useState } from "react";
import { BLOCK_ARG_FIELD, type TConfigBlockKind } from "@/lib/schemas/config";
import { checkConfigValueAction } from "./actions";

/** Typing pauses this long before a field is checked on the server. */
const CHECK_DEBOUNCE_MS = 300;

export interface FieldEntry {
  /** Unique within the form (a field name, or `smtp-source-host.2` for one row of a list). */
  key: string;
  field: string;
  value: string;
  /** The value the form opened with: the file already has it, so it is not re-checked. */
  initial: string;
}

/**
 * Checks changed fields with the server's parsers (checkConfigValueAction) once typing pauses.
 * Returns key → message for the fields whose CURRENT value is known to be wrong; a result that
 * arrives for a value the field no longer has is ignored.
 */
export function useFieldChecks(kind: TConfigBlockKind, entries: readonly FieldEntry[]): Record<string, string> {
  const [results, setResults] = useState<Record<string, { value: string; error: string | null }>>({});
  const asked = useRef(new Map<string, string>());
  const signature = JSON.stringify(entries.map((e) => [e.key, e.value]));

  useEffect(() => {
    const timer = setTimeout(() => {
      void (async () => {
        for (const e of entries) {
          if (asked.current.get(e.key) === e.value) continue;
          asked.current.set(e.key, e.value);
          const skip = e.value === e.initial || (e.value.trim() === "" && e.field !== BLOCK_ARG_FIELD);
          const result = skip ? null : await checkConfigValueAction({ kind, field: e.field, value: e.value });
          const error = result?.ok ? result.error : null;
          setResults((prev) => ({ ...prev, [e.key]: { value: e.value, error } }));
        }
      })();
    }, CHECK_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // `signature` captures every key and value of `entries`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, signature]);

  const errors: Record<string, string> = {};
  for (const e of entries) {
    const r = results[e.key];
    if (r && r.value === e.value && r.error) errors[e.key] = r.error;
  }
  return errors;
}
