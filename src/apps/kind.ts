// What an inventory entry is. A researcher counting a city's applications counts services with a
// login, a form or a workflow of their own (SIMPEG, e-Perizinan, a complaint app); the websites of
// its agencies, districts and villages (dinkes.kota.go.id, kecamatan-x.kota.go.id, the PPID's
// information site) are websites, national platforms (LAPOR!, OSS, LPSE) are the nation's, and a
// Play Store or App Store page is where a mobile app is offered. The reason is written next to
// the kind, like the category's, so that a wrong guess can be seen and overruled.
import type { Platform } from './platforms.ts';
import { registrableDomain } from './url.ts';
import type { AppEntry, AppKind } from './types.ts';

/** The cities.csv counts of the entries that are not applications (apps_* count the applications). */
export function summariseKinds(entries: readonly Pick<AppEntry, 'kind'>[]): { websites_total: number; platforms_total: number; mobile_apps_total: number } {
  const n = (k: AppKind) => entries.filter((e) => e.kind === k).length;
  return { websites_total: n('website'), platforms_total: n('national_platform'), mobile_apps_total: n('app_store') };
}

/** Entries that count as applications: of kind application, or recorded before kinds existed. */
export function isApplication(entry: Pick<AppEntry, 'kind'>): boolean {
  return (entry.kind ?? 'application') === 'application';
}

export interface KindGuess {
  kind: AppKind;
  reason: string;
}

export interface AppStore {
  name: string;
  /** The page of one app: the store's id of the app, for the inventory's key. */
  appId: string;
}

/** Words of store badges and download buttons: "Gambar Logo Playstore", "Get it on Google Play". */
const BADGE_WORDS = /\b(?:gambar|logo|ikon|icon|badge|download|unduh|get it on|dapatkan( di)?|tersedia( di)?|available on|on the|di|google play|play ?store|app ?str?ore|appgallery|huawei|sekarang|now|klik|click)\b/gi;

/** The name of a store entry: its link text without the badge words, else the app's slug or id. */
export function storeAppName(text: string, url: string): string | undefined {
  const store = appStorePage(url);
  if (!store) return undefined;
  const rest = text.replace(BADGE_WORDS, ' ').replace(/\s+/g, ' ').trim();
  if (/[\p{L}]{3,}/u.test(rest) && !/^(?:app|apps|aplikasi)$/i.test(rest)) return rest.replace(/^(?:app|apps|aplikasi)\s+/i, '');
  const slug = /\/app\/([^/]+)\/id\d+/.exec(new URL(url).pathname)?.[1];
  return slug ? decodeURIComponent(slug).replace(/[-_]+/g, ' ') : store.appId;
}

/** A Play Store / App Store / AppGallery page of one app, or undefined. */
export function appStorePage(url: string): AppStore | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  if (host === 'play.google.com' && /^\/store\/apps\/details\/?$/.test(u.pathname)) {
    const id = u.searchParams.get('id');
    return id ? { name: 'Google Play', appId: id } : undefined;
  }
  if (host === 'apps.apple.com' || host === 'itunes.apple.com') {
    const id = /\/id(\d+)\/?$/.exec(u.pathname)?.[1];
    return id ? { name: 'App Store', appId: `id${id}` } : undefined;
  }
  if (host === 'appgallery.huawei.com') {
    const id = /\/app\/(C?\d+)\/?$/.exec(u.pathname)?.[1];
    return id ? { name: 'AppGallery', appId: id } : undefined;
  }
  return undefined;
}

/**
 * First labels of hosts that are an office's or a district's website: dinas and badan
 * abbreviations (dinkes, disdik, bappeda, bpbd), kecamatan and kelurahan, villages, the DPRD,
 * the secretariat, hospitals and health centres, the PPID's information site.
 */
const WEBSITE_LABEL =
  /^(?:dinas[a-z0-9-]*|dis[a-z]{2,}|din[a-z]{2,}|bappeda[a-z]*|bapp?eda|bapenda|bpbd|bpkad|bpkpd|bpka|bpkd|bpk|bkpsdm|bkd|bkpp|bkpsdmd|bpmd|bnpb|dprd|setda|setwan|setdprd|sekretariat|inspektorat|kecamatan[a-z0-9-]*|kec-?[a-z0-9-]+|kelurahan[a-z0-9-]*|kel-?[a-z0-9-]+|desa[a-z0-9-]*|nagari[a-z0-9-]*|kampung[a-z0-9-]*|gampong[a-z0-9-]*|ppid[a-z0-9-]*|rsud[a-z0-9-]*|puskesmas[a-z0-9-]*|upt[a-z0-9-]*|satpolpp|kesbangpol|dpmptsp|dpmpptsp|dpmp?tsp[a-z]*|dpmd|dp3a[a-z]*|dlh|dlhk|kominfo|humas|protokol|bagian[a-z0-9-]*|kantor[a-z0-9-]*|web|website|portal|info|profil)$/;

/** Words of a name that say website: an office, a district, a village, an information site. */
const WEBSITE_NAME =
  /\b(?:dinas|badan|kantor|kecamatan|kelurahan|desa|nagari|kampung|gampong|sekretariat|inspektorat|dprd|bagian|bidang|upt|uptd|rsud|puskesmas|ppid|website|situs|web resmi|official site|portal resmi|profil)\b/i;

/** First labels of hosts that are a system: e-services, complaint, queue, registration, payment. */
const APP_LABEL =
  /^(?:e-?(?:kinerja|office|planning|budgeting|perizinan|izin|retribusi|pajak|sppt|samsat|lapor|musrenbang|monev|data|katalog|surat|absen|absensi|tpp|sakip|proc|procurement|pbb|bphtb|ktp|health|learning|library|perpus|billing|parkir|gov|service|services|report|lkpj|arsip|rapor|cuti|pokir|kios|ppid)|sim[a-z]{2,}|sipd|sirup|siak|sipp|aplikasi|apps?|online|layanan[a-z-]*|lapor[a-z]*|pengaduan[a-z]*|aduan|ppdb|spmb|antri[a-z]*|antre[a-z]*|sswalfa|ssw|perizinan|izin[a-z]*|pajak[a-z]*|bphtb|pbb|retribusi|mpp|absensi|presensi|webmail|mail|sso|akun|monev|sakip|dashboard|[a-z]+online|[a-z]+apps?)$/;

/** Paths that enter a system. */
const APP_PATH = /\/(?:login|masuk|signin|sign-in|auth|admin|app|apps|aplikasi|dashboard|register|daftar)(?:\/|$)/i;

/** Words of a name that say system: an application, a login, an online service, a form. */
const APP_NAME =
  /\b(?:aplikasi|app|apps|sistem|system|login|masuk|online|daring|layanan online|pengaduan|aduan|lapor|antrian|antrean|ppdb|pendaftaran|perizinan|pembayaran|bayar|cek|tracking|lacak|dashboard|e-[a-z]+)\b/i;

/** A name that is one acronym of a system: "SIPONCAN", "SIMPEG", "E-KINERJA". */
const ACRONYM = /^(?:SI[A-Z0-9]{2,}|E-[A-Za-z0-9]+)$/;

/**
 * The kind of an entry from its URL and name. `platform` is the national platform the host is
 * (platforms.ts). An entry that names neither is an application: that is what the inventory
 * lists by default, and what its counts meant before kinds were told apart.
 */
export function inferKind(name: string, url: string, platform?: Pick<Platform, 'name'>): KindGuess {
  const store = appStorePage(url);
  if (store) return { kind: 'app_store', reason: `${store.name} page of ${store.appId}` };
  if (platform) return { kind: 'national_platform', reason: `national platform ${platform.name}` };
  let host = '';
  let path = '';
  try {
    const u = new URL(url);
    host = u.hostname.toLowerCase().replace(/^www\d?\./, '');
    path = decodeURIComponent(u.pathname);
  } catch {
    host = url.toLowerCase();
  }
  const label = host.split('.')[0] ?? '';
  const text = name.trim();
  const appPath = APP_PATH.exec(path)?.[0];
  const appName = APP_NAME.exec(text)?.[0] ?? (ACRONYM.test(text) ? text : undefined);
  if (WEBSITE_LABEL.test(label)) {
    if (appPath) return { kind: 'application', reason: `"${appPath}" in url` };
    if (appName) return { kind: 'application', reason: `"${appName}" in name` };
    return { kind: 'website', reason: `"${label}" host` };
  }
  if (APP_LABEL.test(label)) return { kind: 'application', reason: `"${label}" host` };
  if (appPath) return { kind: 'application', reason: `"${appPath}" in url` };
  if (appName) return { kind: 'application', reason: `"${appName}" in name` };
  const site = WEBSITE_NAME.exec(text)?.[0];
  if (site) return { kind: 'website', reason: `"${site}" in name` };
  // A domain's own front (kemendagri.go.id, sultraprov.go.id) is a body's website; systems live
  // on hosts of their own under it.
  if (host && host === registrableDomain(host) && host.endsWith('.go.id')) return { kind: 'website', reason: `main site of ${host}` };
  return { kind: 'application', reason: 'default: no website words' };
}
