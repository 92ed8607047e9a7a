// Types of scripts/electron-native.mjs, for the e2e specs.
export function electronBinary(root: string): string | null;
export function electronVersion(root: string): string;
export function electronSqlitePath(root: string): string;
export function electronSqlite(root: string, opts?: { say?: (line: string) => void }): Promise<string>;
