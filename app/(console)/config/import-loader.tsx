"use client";

import { useState } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** Largest file the import reads into the editor; the server refuses more anyway. */
const MAX_IMPORT_BYTES = 512 * 1024;

/** Reads a chosen PowerMTA config file into the import editor (nothing is sent until Import and apply). */
export function ImportLoader({ setText }: { setText: (text: string) => void }) {
  const [note, setNote] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor="import-file">PowerMTA config file</Label>
      <Input
        id="import-file"
        type="file"
        accept=".conf,.cfg,.txt,text/plain"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          if (file.size > MAX_IMPORT_BYTES) return setNote(`${file.name} is larger than ${MAX_IMPORT_BYTES / 1024} KiB.`);
          setText(await file.text());
          setNote(`Loaded ${file.name} (${file.size.toLocaleString()} bytes). Validate it, then import.`);
        }}
      />
      <p className="text-xs text-muted-foreground">{note ?? "Or paste the text below. `include`d files must already be in the config directory."}</p>
    </div>
  );
}
