import { describe, expect, it } from 'vitest';
import { makeScope } from '../../src/crawl/scope.ts';

const u = (s: string) => new URL(s);

describe('makeScope', () => {
  it('treats www. and bare host, http and https with default ports as one site', () => {
    const s = makeScope('https://www.kota.go.id/');
    expect(s.isInternal(u('https://www.kota.go.id/a'))).toBe(true);
    expect(s.isInternal(u('http://kota.go.id/a'))).toBe(true);
    expect(s.isInternal(u('https://KOTA.go.id:443/'))).toBe(true);
    expect(s.isInternal(u('https://sub.kota.go.id/'))).toBe(false);
    expect(s.isInternal(u('https://kota.go.id.evil.com/'))).toBe(false);
    expect(s.isInternal(u('https://notkota.go.id/'))).toBe(false);
    expect(s.portalOrigin).toBe('https://www.kota.go.id');
    expect(s.portalHost).toBe('kota.go.id');
  });

  it('treats an explicit non-default port as another site', () => {
    const s = makeScope('https://kota.go.id/');
    expect(s.isInternal(u('https://kota.go.id:8443/'))).toBe(false);
    const p = makeScope('http://127.0.0.1:4321/');
    expect(p.isInternal(u('http://127.0.0.1:4321/x'))).toBe(true);
    expect(p.isInternal(u('http://127.0.0.1:4322/x'))).toBe(false);
    expect(p.isInternal(u('http://127.0.0.1/x'))).toBe(false);
  });

  it('includes hosts equal to or under a listed domain, on any port', () => {
    const s = makeScope('https://portal.pemkomedan.go.id/', ['pemkomedan.go.id', '.MEDANKOTA.go.id']);
    expect(s.isInternal(u('https://pemkomedan.go.id/'))).toBe(true);
    expect(s.isInternal(u('https://mrk.pemkomedan.go.id:8080/'))).toBe(true);
    expect(s.isInternal(u('https://a.b.medankota.go.id/'))).toBe(true);
    expect(s.isInternal(u('https://xpemkomedan.go.id/'))).toBe(false);
    expect(s.isInternal(u('https://go.id/'))).toBe(false);
  });

  it('can adopt the host the portal moved to', () => {
    const s = makeScope('https://kota.go.id/');
    expect(s.isInternal(u('https://portal.kota.go.id/'))).toBe(false);
    s.addHost('portal.kota.go.id');
    expect(s.isInternal(u('https://portal.kota.go.id/x'))).toBe(true);
  });
});
