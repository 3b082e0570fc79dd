// The report says when a run's pages did not come from the live portals: read from a web archive
// at a past date (--at, `egovscan history`), or replayed from WARC files (--from-warc).
import type { RunMeta } from '../read-run.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sourceNote(meta: RunMeta, lang: 'id' | 'en'): string {
  const source = meta.source as { source?: string; at?: string; archive?: string; from_warc?: string[] } | undefined;
  if (source?.source === 'archive' && source.at) {
    const day = source.at.slice(0, 10);
    const text =
      lang === 'id'
        ? `Run berbasis arsip: portal dinilai sebagaimana ditangkap ${source.archive ?? 'arsip web'} paling dekat dengan ${day} (kesegaran, tahun dokumen dan aplikasi dinilai terhadap tanggal itu).`
        : `Archive-based run: the portals are judged as ${source.archive ?? 'the web archive'} captured them nearest ${day} (freshness, document years and applications are judged against that date).`;
    return `<p class="warn source-archive" data-source="archive" data-at="${esc(day)}">${esc(text)}</p>`;
  }
  if (source?.source === 'warc') {
    const files = (source.from_warc ?? []).map((f) => f.split('/').pop() ?? f).join(', ');
    const text = lang === 'id' ? `Run dari berkas WARC (${files}): tanpa akses jaringan.` : `Run replayed from WARC files (${files}): no network was used.`;
    return `<p class="warn source-warc" data-source="warc">${esc(text)}</p>`;
  }
  return '';
}
