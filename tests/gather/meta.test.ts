import { describe, expect, it } from 'vitest';
import { gatherPage } from '../../src/gather/gather.ts';
import type { MetaFact } from '../../src/gather/types.ts';
import { ctxFor } from './helpers.ts';

function meta(html: string, url = 'https://kota.go.id/berita/x'): MetaFact {
  return gatherPage(html, ctxFor(url)).meta;
}

describe('meta', () => {
  it('reads title, lang, viewport, description, generator, canonical and og:*', () => {
    const html = `<!DOCTYPE html><html lang="id-ID"><head>
      <title>
        Berita  |  Pemerintah Kota Medan
      </title>
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <META NAME="Description" CONTENT="Portal resmi   Pemerintah Kota Medan">
      <meta name="generator" content="Joomla! - Open Source Content Management">
      <link rel="canonical" href="/berita/x">
      <meta property="og:title" content="Berita Medan">
      <meta property="og:type" content="article">
      <meta property="og:image" content="https://kota.go.id/a.jpg">
      <meta property="og:image" content="https://kota.go.id/b.jpg">
      <meta name="og:site_name" content="Pemko Medan">
      <meta property="og:" content="no key">
    </head><body><h1>x</h1></body></html>`;
    expect(meta(html)).toEqual({
      title: 'Berita | Pemerintah Kota Medan',
      lang: 'id-ID',
      viewport: 'width=device-width, initial-scale=1',
      description: 'Portal resmi Pemerintah Kota Medan',
      generator: 'Joomla! - Open Source Content Management',
      canonical: 'https://kota.go.id/berita/x',
      og: { title: 'Berita Medan', type: 'article', image: 'https://kota.go.id/a.jpg', site_name: 'Pemko Medan' },
    });
  });

  it('falls back to og:title when <title> is missing or empty, and never reads an svg title', () => {
    const html = `<html><head><title>  </title><meta property="og:title" content="Kota Semarang"></head>
      <body><svg><title>ikon</title></svg></body></html>`;
    expect(meta(html).title).toBe('Kota Semarang');
  });

  it('leaves out what the page does not have', () => {
    expect(meta('<html><head></head><body><p>kosong</p></body></html>')).toEqual({ title: '', og: {} });
  });

  it('resolves the canonical URL against <base href>', () => {
    const html = '<html><head><base href="https://kota.go.id/v2/"><link rel="Canonical" href="beranda"></head><body></body></html>';
    expect(meta(html).canonical).toBe('https://kota.go.id/v2/beranda');
  });
});
