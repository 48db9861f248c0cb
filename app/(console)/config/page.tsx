import type { Metadata } from "next";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { readConfigBlocks } from "@/lib/config/block-model";
import { currentConfig } from "@/lib/services/config/current-config";
import { ConfigClient } from "./config-client";

export const metadata: Metadata = { title: "Configuration" };
export const dynamic = "force-dynamic";

/** Everyone with config.read sees the file (secrets masked unless config.secrets.read); editors need config.write. */
export default async function ConfigPage() {
  const user = await requirePagePermission("config.read");
  const canSeeSecrets = hasPermission(user.role, "config.secrets.read");
  // Editing the whole text needs the real text: a masked one would write the masks back.
  const canWrite = hasPermission(user.role, "config.write") && canSeeSecrets;
  const view = await currentConfig({ redact: !canSeeSecrets });
  const blocks = canWrite ? readConfigBlocks(view.text, view.path) : null;
  return <ConfigClient view={view} blocks={blocks} canWrite={canWrite} />;
}
