/** Inputs and DTOs of user management and login. Z… are zod schemas, T… their types. */

import { z } from "zod";
import { ROLES, type Role } from "../auth/permissions";

const MIN_PASSWORD = 12;
const MAX_PASSWORD = 200;

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "3–32 characters: letters, digits, dot, dash or underscore");

export const ZPassword = z
  .string()
  .min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, `at most ${MAX_PASSWORD} characters`);

export const ZRole = z.enum(ROLES);

const ZUserId = z.string().min(1).max(64);

export const ZCreateUserInput = z.strictObject({ username: ZUsername, role: ZRole, password: ZPassword });
export type TCreateUserInput = z.infer<typeof ZCreateUserInput>;

export const ZSetUserDisabledInput = z.strictObject({ userId: ZUserId, disabled: z.boolean() });
export type TSetUserDisabledInput = z.infer<typeof ZSetUserDisabledInput>;

export const ZChangeUserRoleInput = z.strictObject({ userId: ZUserId, role: ZRole });
export type TChangeUserRoleInput = z.infer<typeof ZChangeUserRoleInput>;

export const ZResetPasswordInput = z.strictObject({ userId: ZUserId, password: ZPassword });
export type TResetPasswordInput = z.infer<typeof ZResetPasswordInput>;

/** A user as the console shows it. Dates are ISO strings so the row crosses to client components as is. */
export interface TUserRow {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** How every action reports an expected failure: a message to show, and per-field messages for forms. */
export type TActionFailure = { ok: false; error: string; fieldErrors?: Record<string, string> };

/** What every user-management action returns: never throws expected errors at the client. */
export type TActionResult = { ok: true; message: string } | TActionFailure;
