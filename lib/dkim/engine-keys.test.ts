import { describe, expect, it } from "vitest";
import { reloadEngineKeys } from "./engine-keys";

describe("reloadEngineKeys", () => {
  it("re-applies the running engine's config, serialised with config changes", async () => {
    let calls = 0;
    expect(await reloadEngineKeys({ reapply: async () => void calls++ })).toBe(true);
    expect(calls).toBe(1);
  });

  it("says so when this process runs no engine, and passes an engine's refusal on", async () => {
    expect(await reloadEngineKeys(null)).toBe(false);
    await expect(reloadEngineKeys({ reapply: () => Promise.reject(new Error("refused")) })).rejects.toThrow("refused");
  });
});
