import type { ReadInput } from './queries/report-fingerprint.query';

export type { ReadInput };

/**
 * Keeps a read's result between builds for as long as the parts of the data it depends on are
 * unchanged (the report cache implements it over the data's fingerprint). A kept result is
 * shared by every build that asks for it: callers never change what they get.
 */
export interface ReadMemo {
  keep<T>(key: string, inputs: readonly ReadInput[], read: () => Promise<T>): Promise<T>;
}

/** Reads afresh every time. */
export const READ_AFRESH: ReadMemo = { keep: (_key, _inputs, read) => read() };
