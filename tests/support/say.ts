// Figures a test measured (timings, what a detector found on the example portals), printed only when
// asked for with EGOVSCAN_TEST_VERBOSE=1: `npm test` itself prints nothing but vitest's own lines.
export function say(...parts: unknown[]): void {
  if (process.env.EGOVSCAN_TEST_VERBOSE) console.log(...parts);
}
