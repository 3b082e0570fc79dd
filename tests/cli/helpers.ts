// For the command-line tests: the real `egovscan` binary spawned as a user runs it, and a small
// portal on 127.0.0.1 for it to crawl (three pages, answered at once).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'egovscan.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** stderr as lines, without the empty last one. */
export const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');

export function start(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function exited(child: ChildProcess): Promise<Exit> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function egovscan(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Exit> {
  return exited(start(args, opts));
}

export interface Portal {
  port: number;
  /** Flags that point a crawl at this portal and keep it on loopback. */
  flags: string[];
  close(): Promise<void>;
}

/** Kota Kecil: a home page and two news pages; `delayMs` slows every answer. */
export async function startPortal(delayMs = 0): Promise<Portal> {
  const page = (title: string, links: string) =>
    `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>${title} - Kota Kecil</title></head>` +
    `<body><h1>${title}</h1><p>Senin, 7 Oktober 2024</p>${links}</body></html>`;
  const pages: Record<string, string> = {
    '/': page('Beranda', '<a href="/berita/1">Berita 1</a> <a href="/berita/2">Berita 2</a>'),
    '/berita/1': page('Berita 1', '<a href="/">Beranda</a>'),
    '/berita/2': page('Berita 2', '<a href="/">Beranda</a>'),
  };
  const server = http.createServer((req, res) => {
    const body = pages[(req.url ?? '/').split('?')[0]!];
    setTimeout(() => {
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ?? '<h1>404</h1>');
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    flags: ['--render', 'never', '--allow-private', '--resolve', 'kota.test=127.0.0.1', '--delay-ms', '0', '--no-bom'],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export async function writeTargets(dir: string, port: number): Promise<string> {
  const file = join(dir, 'targets.yaml');
  await writeFile(file, `targets:\n  - { id: kota-kecil, name: Kota Kecil, portal: "http://kota.test:${port}/" }\n`);
  return file;
}
