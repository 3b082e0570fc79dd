// Which pages get audited: the home page, then services, complaints and PPID pages, only 200 HTML.
import { describe, expect, it } from 'vitest';
import { pickAuditPages, type AuditCandidate } from '../../src/audit/index.ts';

const page = (url: string, depth: number, status = 200, title = ''): AuditCandidate => ({
  url,
  depth,
  status,
  kind: 'page',
  contentType: 'text/html',
  title,
});

describe('pickAuditPages', () => {
  const pages: AuditCandidate[] = [
    page('https://kota.go.id/berita/', 1),
    page('https://kota.go.id/', 0),
    page('https://kota.go.id/ppid/', 1),
    page('https://kota.go.id/hubungi', 1, 200, 'Pengaduan Masyarakat'),
    page('https://kota.go.id/layanan/', 2),
    page('https://kota.go.id/layanan-rusak/', 1, 500),
    { ...page('https://kota.go.id/dokumen/layanan.pdf', 1), kind: 'document', contentType: 'application/pdf' },
  ];

  it('takes the home page and the first services, complaints and PPID pages', () => {
    expect(pickAuditPages(pages, 4)).toEqual(['https://kota.go.id/', 'https://kota.go.id/layanan/', 'https://kota.go.id/hubungi', 'https://kota.go.id/ppid/']);
  });

  it('defaults to three and fills up with the shallowest pages', () => {
    expect(pickAuditPages(pages)).toEqual(['https://kota.go.id/', 'https://kota.go.id/layanan/', 'https://kota.go.id/hubungi']);
    expect(pickAuditPages([page('https://kota.go.id/', 0), page('https://kota.go.id/a', 2), page('https://kota.go.id/b', 1)], 3)).toEqual([
      'https://kota.go.id/',
      'https://kota.go.id/b',
      'https://kota.go.id/a',
    ]);
    expect(pickAuditPages([page('https://kota.go.id/', 0, 503)], 3)).toEqual([]);
    expect(pickAuditPages(pages, 1)).toEqual(['https://kota.go.id/']);
  });
});
