import type { GatherContext } from '../../src/gather/types.ts';

export const NOW = new Date('2024-02-21T05:00:00Z');

/** The city's own site: kota.go.id and every host under it. */
export function ctxFor(url = 'https://kota.go.id/', extra: Partial<GatherContext> = {}): GatherContext {
  return {
    url,
    isInternal: (u) => u.hostname === 'kota.go.id' || u.hostname.endsWith('.kota.go.id'),
    now: NOW,
    ...extra,
  };
}

export function page(body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}
