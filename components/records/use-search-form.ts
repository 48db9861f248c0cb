"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

/** `keys` of `values` that are filled in, plus `extra`, as a query string. */
export function searchQuery(keys: readonly string[], values: Record<string, string>, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const k of keys) if (values[k]?.trim()) p.set(k, values[k].trim());
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

/**
 * A search form over the query string of `path` (/records, /feedback): the fields start from the
 * current parameters, and submitting navigates to the page with the filled-in ones.
 */
export function useSearchForm(path: string, keys: readonly string[], raw: Record<string, string>) {
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(keys.map((k) => [k, raw[k] ?? ""])));
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = searchQuery(keys, values);
    router.push(q ? `${path}?${q}` : path);
  };
  return { values, set, submit, current: searchQuery(keys, raw) };
}
