import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { listApiKeys } from "@/lib/services/api-keys/manage-api-keys";
import { ApiKeysClient } from "./api-keys-client";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  await requirePagePermission("api-keys.write");
  return <ApiKeysClient keys={await listApiKeys()} />;
}
