import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactUrl, storeLocation } from '../../src/store/index.ts';

describe('store location', () => {
  it('--store, then EGOVSCAN_STORE, then <out>/egovscan.sqlite', () => {
    const env = { EGOVSCAN_STORE: 'postgres://u:pw@db.example:5432/egovscan' };
    expect(storeLocation('out', 'postgresql://a@h/x', env)).toMatchObject({ dialect: 'postgres', url: 'postgresql://a@h/x' });
    expect(storeLocation('out', undefined, env)).toMatchObject({ dialect: 'postgres', label: 'postgres://u:***@db.example:5432/egovscan' });
    expect(storeLocation('out', undefined, {})).toEqual({ dialect: 'sqlite', file: join('out', 'egovscan.sqlite'), label: join('out', 'egovscan.sqlite') });
    expect(storeLocation('out', 'elsewhere/h.sqlite', env)).toMatchObject({ dialect: 'sqlite', file: 'elsewhere/h.sqlite' });
  });

  it('never shows a password', () => {
    expect(redactUrl('postgres://egovscan:rahasia@10.0.0.5/egovscan?sslmode=require')).toBe('postgres://egovscan:***@10.0.0.5/egovscan?sslmode=require');
    expect(redactUrl('postgres://egovscan@10.0.0.5/egovscan')).toBe('postgres://egovscan@10.0.0.5/egovscan');
  });
});
