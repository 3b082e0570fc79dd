// National platforms a city links to. They count as the city's applications
// because the city's services run on them, and their channel is known without guessing.
import type { Category } from './types.ts';

export interface Platform {
  name: string;
  category: Category;
  /** Matches a bare host. */
  host: RegExp;
}

export const NATIONAL_PLATFORMS: readonly Platform[] = [
  { name: 'SP4N-LAPOR!', category: 'G2C', host: /(^|\.)lapor\.go\.id$/ },
  { name: 'LPSE', category: 'G2B', host: /^(www\.)?lpse\.|(^|\.)spse\.inaproc\.id$/ },
  { name: 'SiRUP', category: 'G2B', host: /^sirup\.lkpp\.go\.id$/ },
  { name: 'e-Katalog', category: 'G2B', host: /^(e-katalog\.lkpp\.go\.id|katalog\.inaproc\.id)$/ },
  { name: 'OSS', category: 'G2B', host: /(^|\.)oss\.go\.id$/ },
  { name: 'SiCantik', category: 'G2B', host: /sicantik/ },
  { name: 'JDIHN', category: 'G2C', host: /(^|\.)jdihn\.go\.id$/ },
  { name: 'SIPPN', category: 'G2C', host: /^sippn\.menpan\.go\.id$/ },
  { name: 'Satu Data Indonesia', category: 'G2C', host: /^data\.go\.id$/ },
  { name: 'SIPD', category: 'G2G', host: /(^|\.)sipd\.kemendagri\.go\.id$/ },
  { name: 'Srikandi', category: 'G2E', host: /^srikandi\.arsip\.go\.id$/ },
];

export function nationalPlatform(host: string): Platform | undefined {
  const h = host.toLowerCase();
  return NATIONAL_PLATFORMS.find((p) => p.host.test(h));
}
