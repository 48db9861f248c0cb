import "server-only";

/**
 * The one way server actions run: same-origin check → permission → zod parse → use case → result.
 * Server actions are public POST endpoints: Next rejects a foreign Origin but lets a request without
 * one through, so this wrapper refuses that too. A permission failure becomes a real 401/403
 * (unauthorized()/forbidden()); expected errors become `{ ok: false, error }`; anything else is
 * logged and answered with a generic message.
 */

import { headers } from "next/headers";
import { forbidden, unauthorized } from "next/navigation";
import type { z } from "zod";
import { PermissionError, requireActionPermission, type SessionUser } from "../auth/require-permission";
import type { Permission } from "../auth/permissions";
import { isExpectedError } from "../errors";
import type { TActionFailure, TActionResult } from "../schemas/user";

const GENERIC_ERROR = "Something went wrong. The error was logged; try again.";

async function assertSameOrigin(): Promise<void> {
  const h = await headers();
  const origin = h.get("origin");
  const host = h.get("x-forwarded-host") ?? h.get("host");
  let originHost: string | null = null;
  try {
    originHost = origin ? new URL(origin).host : null;
  } catch {
    originHost = null;
  }
  if (!originHost || !host || originHost !== host) forbidden();
}

/** An action whose use case answers with a message. */
export async function runAction<S extends z.ZodType>(
  permission: Permission,
  schema: S,
  input: unknown,
  useCase: (user: SessionUser, data: z.output<S>) => Promise<string>,
): Promise<TActionResult> {
  return runResultAction(permission, schema, input, async (user, data) => ({ ok: true as const, message: await useCase(user, data) }));
}

/**
 * An action whose use case answers with a result object of its own (e.g. `{ ok: false, diagnostics }`
 * from a config change); refusals, invalid input and errors come back as TActionFailure.
 */
export async function runResultAction<S extends z.ZodType, R extends { ok: boolean }>(
  permission: Permission,
  schema: S,
  input: unknown,
  useCase: (user: SessionUser, data: z.output<S>) => Promise<R>,
): Promise<R | TActionFailure> {
  await assertSameOrigin();
  let user: SessionUser;
  try {
    user = await requireActionPermission(permission);
  } catch (err) {
    if (err instanceof PermissionError) {
      if (err.status === 401) unauthorized();
      forbidden();
    }
    throw err;
  }

  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      fieldErrors[field] ??= issue.message;
    }
    return { ok: false, error: "Please correct the highlighted fields.", fieldErrors };
  }

  try {
    return await useCase(user, parsed.data);
  } catch (err) {
    if (isExpectedError(err)) return { ok: false, error: err.message };
    console.error(`hermod: action failed (${permission})`, err);
    return { ok: false, error: GENERIC_ERROR };
  }
}
