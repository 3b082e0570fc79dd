// Issue 12 item 2: what indicators judge covers the whole page. A long regency front page, built
// like the real ones (a mega menu of agencies, well over a hundred news-card headings, a long
// footer), publishes its e-mail, phone and WhatsApp only at the very end of its footer and its PPID
// section only after the 150th heading. Before, gather kept 4,000 characters of text and 100
// headings, and all of these were lost.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysePage } from '../../src/run/analyse-page.ts';
import { cityFromEntries, type PageEntry } from '../../src/gather/city-facts.ts';
import type { PageFacts } from '../../src/gather/types.ts';
import { evaluateCity, loadRubric } from '../../src/score/index.ts';

const PORTAL = 'https://www.lembahsarikab.go.id/';
const NOW = Date.parse('2024-06-01T00:00:00Z');

const AGENCIES = ['Dinas Pendidikan', 'Dinas Kesehatan', 'Dinas Pekerjaan Umum', 'Dinas Sosial', 'Dinas Perhubungan',
  'Dinas Pertanian', 'Dinas Perikanan', 'Badan Keuangan Daerah', 'Badan Kepegawaian', 'Inspektorat', 'Kecamatan Sungai Tarab',
  'Kecamatan Lima Kaum', 'Kecamatan Rambatan', 'Satpol PP', 'BPBD'];

function longFrontPage(opts: { ppidSection: boolean; footerContacts: boolean }): string {
  const menu = Array.from({ length: 6 }, (_, col) => `<li class="mega-col"><h4 class="menu-title">Kolom ${col + 1}</h4><ul>${AGENCIES.map(
    (a, i) => `<li><a href="/perangkat-daerah/${col}-${i}">${a}</a></li>`).join('')}</ul></li>`).join('');
  const cards = Array.from({ length: 160 }, (_, i) => `<article class="card"><h3><a href="/berita/${i}">Bupati meninjau pembangunan jalan nagari ke-${i}</a></h3>
    <p>Bupati Lembah Sari bersama jajaran meninjau pembangunan jalan penghubung antar nagari yang ke-${i}; pekerjaan ditargetkan rampung
    sebelum akhir tahun anggaran dan diharapkan memperlancar arus hasil pertanian warga menuju pasar.</p><span class="tgl">${1 + (i % 28)} Mei 2024</span></article>`).join('');
  const ppid = opts.ppidSection
    ? `<section><h2>PPID</h2><p>Pejabat Pengelola Informasi dan Dokumentasi melayani warga pada hari kerja.</p><h2>Pengaduan</h2><p>Sampaikan keluhan Anda kepada kami.</p></section>`
    : '';
  const footerLinks = Array.from({ length: 40 }, (_, i) => `<li><a href="/tautan/${i}">Tautan terkait ${i}</a></li>`).join('');
  const contacts = opts.footerContacts
    ? '<address>Jl. Sudirman No. 1, Lembah Sari. E-mail: humas@lembahsarikab.go.id · WhatsApp 0812-6655-4433</address>'
    : '<address>Jl. Sudirman No. 1, Lembah Sari.</address>';
  return `<!doctype html><html lang="id"><head><title>Pemerintah Kabupaten Lembah Sari</title></head><body>
    <header><nav class="mega-menu"><ul>${menu}</ul></nav></header>
    <main>${cards}${ppid}</main>
    <footer><ul>${footerLinks}</ul><p>${'Kabupaten Lembah Sari berada di dataran tinggi. '.repeat(40)}</p>${contacts}<p>© 2024 Pemerintah Kabupaten Lembah Sari</p></footer>
  </body></html>`;
}

function gathered(html: string): PageFacts {
  return analysePage({ html, url: PORTAL, portal: PORTAL, domains: ['lembahsarikab.go.id'], now: NOW });
}

async function evaluate(facts: PageFacts) {
  const rubric = await loadRubric(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'));
  const entry: PageEntry = { url: PORTAL, finalUrl: PORTAL, depth: 0, status: 200, reason: 'ok', contentType: 'text/html', bytes: 1, kind: 'page', rendered: false, facts };
  const city = cityFromEntries({ cityId: 'lembahsari', cityName: 'Kabupaten Lembah Sari', portal: PORTAL, domains: ['lembahsarikab.go.id'], reachable: true, portalReason: 'ok', now: new Date(NOW) }, [entry]);
  const evaluation = await evaluateCity(rubric, city);
  return (id: string) => evaluation.indicators.find((i) => i.id === id)!;
}

describe('a long front page is judged whole', () => {
  it('is built like the real ones: 30 kB+ of text, over 150 headings, contacts only at the end', () => {
    const facts = gathered(longFrontPage({ ppidSection: true, footerContacts: true }));
    expect(facts.textLength).toBeGreaterThan(30_000);
    expect(facts.headings.length).toBeGreaterThan(160);
    expect(facts.headings.findIndex((h) => h.text === 'PPID')).toBeGreaterThan(150);
    expect(facts.text.indexOf('humas@')).toBeGreaterThan(30_000);
    expect(facts.links.some((l) => /ppid|mailto|wa\.me/i.test(l.href + l.text))).toBe(false);
    expect(facts.cut).toBeUndefined();
  });

  it('finds the footer e-mail and WhatsApp (a_channels) and the late PPID section (t_ppid)', async () => {
    const indicator = await evaluate(gathered(longFrontPage({ ppidSection: true, footerContacts: true })));
    expect(indicator('a_channels').met).toBe(true);
    expect(indicator('a_channels').evidence.map((e) => e.text).join(' ')).toMatch(/humas@lembahsarikab\.go\.id/);
    expect(indicator('a_channels').evidence.map((e) => e.text).join(' ')).toMatch(/whatsapp: 0812-6655-4433/);
    expect(indicator('t_ppid').met).toBe(true);
    expect(indicator('t_ppid').evidence.map((e) => e.text).join(' ')).toMatch(/PPID/);
  });

  it('and does not invent them when the same page has none', async () => {
    const indicator = await evaluate(gathered(longFrontPage({ ppidSection: false, footerContacts: false })));
    expect(indicator('a_channels').met).toBe(false);
    expect(indicator('t_ppid').met).toBe(false);
    expect(indicator('a_channels').note ?? '').not.toMatch(/input cut/);
  });

  it('a page past the text cap keeps its footer, and an indicator that found nothing says its input was cut', async () => {
    // 400 k characters of text: past the 200 k kept, so the middle goes and the cut is recorded.
    const filler = `<p>${'Warta nagari hari ini. '.repeat(18_000)}</p>`;
    const html = longFrontPage({ ppidSection: false, footerContacts: true }).replace('<main>', `<main>${filler}`);
    const facts = gathered(html);
    expect(facts.textLength).toBeGreaterThan(400_000);
    expect(facts.cut?.textKept).toBe(facts.text.length);
    expect(facts.text).toMatch(/humas@lembahsarikab\.go\.id/);
    const indicator = await evaluate(facts);
    expect(indicator('a_channels').met).toBe(true);
    expect(indicator('t_ppid').met).toBe(false);
    expect(indicator('t_ppid').note).toMatch(/input cut on 1 page \(https:\/\/www\.lembahsarikab\.go\.id\/: text kept \d+ of \d+ characters/);
  });
});
