import type { Metadata } from "next";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/require-permission";
import { latestEntries, listImports, listSuppressionLists } from "@/lib/services/suppression/manage-lists";
import { ListPanel } from "./list-panel";
import { SuppressionClient } from "./suppression-client";

export const metadata: Metadata = { title: "Suppression" };
export const dynamic = "force-dynamic";

export default async function SuppressionPage({ searchParams }: { searchParams: Promise<{ list?: string }> }) {
  const user = await requirePagePermission("records.read");
  const canWrite = hasPermission(user.role, "suppression.write");
  const lists = await listSuppressionLists();
  const wanted = Number((await searchParams).list);
  const selected = lists.find((l) => l.id === wanted) ?? null;
  const [entries, imports] = selected
    ? await Promise.all([latestEntries(selected.id), listImports(selected.id).then((found) => found?.imports ?? [])])
    : [[], []];
  return (
    <div className="flex flex-col gap-6">
      <SuppressionClient lists={lists} canWrite={canWrite} selectedId={selected?.id ?? null} />
      {selected && <ListPanel key={selected.id} list={selected} entries={entries} imports={imports} canWrite={canWrite} />}
    </div>
  );
}
