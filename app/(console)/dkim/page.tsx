import type { Metadata } from "next";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { listDkimKeys } from "@/lib/services/dkim/list-dkim-keys";
import { DkimClient } from "./dkim-client";

export const metadata: Metadata = { title: "DKIM" };
export const dynamic = "force-dynamic";

/** Everyone with config.read sees the keys and their DNS records; generating, uploading and deleting needs config.write. */
export default async function DkimPage() {
  const user = await requirePagePermission("config.read");
  const { rows, fileProblem } = await listDkimKeys();
  return <DkimClient rows={rows} fileProblem={fileProblem} canWrite={hasPermission(user.role, "config.write")} />;
}
