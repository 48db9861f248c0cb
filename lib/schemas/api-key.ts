/** Status-API keys as the console sees them, and the inputs of its actions. */

import { z } from "zod";
import { ROLES } from "../auth/permissions";

export const ZCreateApiKeyInput = z.strictObject({
  name: z.string().trim().min(1, "Name is required.").max(100, "Name is at most 100 characters."),
  role: z.enum(ROLES, { error: "Role is viewer, operator or admin." }),
});

export const ZRevokeApiKeyInput = z.strictObject({ id: z.string().min(1).max(100) });

export interface TApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: (typeof ROLES)[number];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
