export function newestMtime(root: string, paths: readonly string[]): number;
export function isBuildStale(state: {
  stampMtimeMs: number | null;
  newestInputMtimeMs: number;
  outputExists: boolean;
}): boolean;
