import { ROLES, ROLE_LABELS } from "@/lib/auth/permissions";

export const ROLE_OPTIONS = ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }));
