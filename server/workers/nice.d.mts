// Types for nice.mjs (plain JavaScript, so worker threads can load it before tsx's loader starts).
export function niceThisThread(nice: number): boolean;
export function niceRuntimeHelpers(nice: number): number;
