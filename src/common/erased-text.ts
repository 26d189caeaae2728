/**
 * What replaces personal text that must keep its place after an erasure: a customer comment
 * still counts as a comment in the figures already reported, so it is blanked to this rather
 * than removed.
 */
export const ERASED_TEXT = '[erased]';
