"use server";

/**
 * User management. Each action checks `users.write` itself (runAction): hiding buttons is not
 * protection, since any action can be POSTed directly.
 */

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import {
  ZChangeUserRoleInput,
  ZCreateUserInput,
  ZResetPasswordInput,
  ZSetUserDisabledInput,
  type TActionResult,
} from "@/lib/schemas/user";
import { changeUserRole } from "@/lib/services/users/change-user-role";
import { createUser } from "@/lib/services/users/create-user";
import { resetUserPassword } from "@/lib/services/users/reset-user-password";
import { setUserDisabled } from "@/lib/services/users/set-user-disabled";

function done(result: TActionResult): TActionResult {
  if (result.ok) revalidatePath("/users");
  return result;
}

export async function createUserAction(input: unknown): Promise<TActionResult> {
  return done(await runAction("users.write", ZCreateUserInput, input, createUser));
}

export async function setUserDisabledAction(input: unknown): Promise<TActionResult> {
  return done(await runAction("users.write", ZSetUserDisabledInput, input, setUserDisabled));
}

export async function changeUserRoleAction(input: unknown): Promise<TActionResult> {
  return done(await runAction("users.write", ZChangeUserRoleInput, input, changeUserRole));
}

export async function resetUserPasswordAction(input: unknown): Promise<TActionResult> {
  return done(await runAction("users.write", ZResetPasswordInput, input, resetUserPassword));
}
