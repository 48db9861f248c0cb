export function run(cmd: string, args: string[], opts?: import("node:child_process").SpawnSyncOptions): void;
export function buildStamp(): string;
export function buildIsCurrent(): boolean;
