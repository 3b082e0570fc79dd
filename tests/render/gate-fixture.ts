// Fixture of the browser-gate tests: an "internal" server (a second loopback address, and another
// port on 127.0.0.1 reached as `localhost`) that counts every TCP connection it accepts, and a portal
// whose pages try every road to it a browser has, and every way to submit something.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

export interface Internal {
  /** TCP connections accepted on either address (a request, a WebSocket, a tunnel: anything). */
  connections: number;
  requests: string[];
  /** `http://127.0.0.2:<port>` */
  ip: string;
  /** `http://localhost:<port>` (another port on 127.0.0.1) */
  local: string;
  close(): Promise<void>;
}

export interface Portal {
  port: number;
  /** Every request the portal answered: method and path. */
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

async function listen(server: http.Server, host: string): Promise<Listening> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, host, () => ok());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export async function startInternal(): Promise<Internal> {
  const state = { connections: 0, requests: [] as string[] };
  const make = () => {
    const s = http.createServer((req, res) => {
      state.requests.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'text/html');
      res.end('<html><body>rahasia internal</body></html>');
    });
    s.on('connection', () => state.connections++);
    s.on('upgrade', (req, socket) => {
      state.requests.push(`UPGRADE ${req.url}`);
      socket.destroy();
    });
    return s;
  };
  const a = await listen(make(), '127.0.0.2');
  const b = await listen(make(), '127.0.0.1');
  return {
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    ip: `http://127.0.0.2:${a.port}`,
    local: `http://localhost:${b.port}`,
    close: async () => {
      await a.close();
      await b.close();
    },
  };
}

const html = (title: string, head: string, body: string) =>
  `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1>${body}</body></html>`;

/** Pages that leave by themselves, and where they try to go. */
export const NAV_PAGES = ['/form-post', '/form-get', '/form-get-sama', '/meta', '/meta-sama', '/lokasi', '/lokasi-sama'] as const;

export async function startPortal(internal: Pick<Internal, 'ip' | 'local'>): Promise<Portal> {
  const I = internal.ip;
  const L = internal.local;
  const wsI = I.replace('http:', 'ws:');
  const requests: Portal['requests'] = [];
  const pages: Record<string, string> = {
    '/': html(
      'Beranda Kota Uji',
      '',
      `<p>Portal uji.</p><a href="/semua">Semua</a> ${NAV_PAGES.map((p) => `<a href="${p}">${p}</a>`).join(' ')}`,
    ),
    '/semua': html(
      'Semua jalan',
      `<link rel="stylesheet" href="/pergi?css"><link rel="stylesheet" href="${I}/s.css">
       <link rel="prefetch" href="${I}/prefetch"><link rel="prefetch" href="/pergi?prefetch"><link rel="preconnect" href="${I}">
       <link rel="dns-prefetch" href="${L}"><link rel="preload" as="fetch" href="${L}/preload" crossorigin>
       <link rel="icon" href="${I}/favicon.ico"><link rel="manifest" href="${I}/manifest.json">
       <script src="/pergi?js"></script><script src="${I}/x.js"></script>`,
      `<img src="${I}/i.png" alt="i"><img src="/pergi?img" alt="r"><img src="http://[::ffff:127.0.0.2]:${new URL(I).port}/v6.png" alt="v6">
       <iframe src="${I}/frame"></iframe><iframe src="/pergi?frame"></iframe><iframe src="/frame-form"></iframe>
       <video src="${I}/v.mp4"></video><object data="${I}/o"></object>
       <p id="isi">Isi halaman</p>
       <script>
         const I = ${JSON.stringify(I)}, L = ${JSON.stringify(L)};
         const q = (f) => { try { const p = f(); if (p && p.catch) p.catch(() => {}); } catch (e) {} };
         q(() => fetch(I + '/fetch')); q(() => fetch('/pergi?fetch')); q(() => fetch(L + '/fetch'));
         q(() => fetch('/pergi-tls?fetch')); q(() => fetch(I.replace('http:', 'https:') + '/tls'));
         q(() => fetch('/api', { method: 'POST', body: 'nama=x' })); q(() => fetch('/api', { method: 'PUT', body: 'x' }));
         q(() => fetch('/api', { method: 'PATCH', body: 'x' })); q(() => fetch('/api', { method: 'DELETE' }));
         q(() => fetch('/api', { method: 'POST', body: 'k', keepalive: true }));
         q(() => { const x = new XMLHttpRequest(); x.open('GET', I + '/xhr'); x.send(); });
         q(() => { const x = new XMLHttpRequest(); x.open('GET', '/pergi?xhr'); x.send(); });
         q(() => { const x = new XMLHttpRequest(); x.open('POST', '/api'); x.send('xhr=1'); });
         q(() => { const w = new WebSocket(${JSON.stringify(wsI)} + '/ws'); w.onopen = () => w.send('halo'); });
         q(() => { const w = new WebSocket('ws://' + location.host + '/ws'); w.onopen = () => w.send('halo'); });
         q(() => new EventSource(I + '/es')); q(() => new EventSource('/pergi?es'));
         q(() => new Worker('/worker.js')); q(() => new SharedWorker('/shared.js'));
         q(() => navigator.serviceWorker && navigator.serviceWorker.register('/sw.js'));
         q(() => navigator.sendBeacon('/beacon', 'data')); q(() => navigator.sendBeacon(I + '/beacon', 'data'));
         q(() => window.open(I + '/popup')); q(() => window.open('/popup-sama'));
         q(() => { new Image().src = I + '/img2'; });
         q(() => { const s = document.createElement('script'); s.src = I + '/late.js'; document.head.appendChild(s); });
         q(() => { const l = document.createElement('link'); l.rel = 'prefetch'; l.href = I + '/late-prefetch'; document.head.appendChild(l); });
         q(() => { const f = document.createElement('iframe'); f.src = '/pergi?late-frame'; document.body.appendChild(f); });
         q(() => { const p = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.2:' + new URL(I).port }] }); p.createDataChannel('x'); p.createOffer().then((o) => p.setLocalDescription(o)); });
         document.getElementById('isi').textContent = 'Isi dari skrip';
       </script>`,
    ),
    '/frame-form': html('Bingkai', '', `<form method="post" action="/kirim-bingkai"><input name="a" value="1"></form><script>document.forms[0].submit()</script>`),
    '/form-post': html('Formulir POST', '', `<form method="post" action="/kirim"><input name="nama" value="x"></form><script>document.forms[0].submit()</script>`),
    '/form-get': html('Formulir GET', '', `<form method="get" action="${I}/cari"><input name="q" value="x"></form><script>document.forms[0].submit()</script>`),
    '/form-get-sama': html('Formulir GET sama', '', `<form method="get" action="/hasil"><input name="q" value="x"></form><script>document.forms[0].submit()</script>`),
    '/meta': html('Segarkan', `<meta http-equiv="refresh" content="0;url=${I}/meta">`, ''),
    '/meta-sama': html('Segarkan sama', `<meta http-equiv="refresh" content="0;url=/jawaban">`, ''),
    '/lokasi': html('Lokasi', '', `<script>location.href = ${JSON.stringify(I)} + '/lokasi';</script>`),
    '/lokasi-sama': html('Lokasi sama', '', `<script>setTimeout(() => { window.location.assign('/jawaban'); }, 50);</script>`),
    '/jawaban': html('Jawaban', '', '<p>the page a script navigated to</p>'),
    '/hasil': html('Hasil', '', '<p>the answer of a form</p>'),
    '/rapi': html('Halaman rapi', '', '<p>Nothing here tries anything.</p><img src="/logo.png" alt="logo">'),
  };
  const scripts: Record<string, string> = {
    '/worker.js': `fetch(${JSON.stringify(I)} + '/worker').catch(() => {}); fetch('/pergi?worker').catch(() => {}); fetch('/api', { method: 'POST', body: 'w' }).catch(() => {}); try { new WebSocket(${JSON.stringify(wsI)} + '/worker-ws'); } catch (e) {}`,
    '/shared.js': `fetch(${JSON.stringify(I)} + '/shared').catch(() => {}); fetch('/pergi?shared').catch(() => {});`,
    '/sw.js': `fetch(${JSON.stringify(I)} + '/sw').catch(() => {});`,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}` });
    req.resume();
    if (url.pathname === '/pergi') {
      // A same-origin URL that redirects into the internal network.
      res.writeHead(302, { location: `${I}/dari-pergi${url.search}` });
      return res.end();
    }
    if (url.pathname === '/pergi-tls') {
      // The same, to an https:// address inside: the hop is a CONNECT tunnel.
      res.writeHead(302, { location: `${I.replace('http:', 'https:')}/dari-pergi-tls` });
      return res.end();
    }
    if (scripts[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(scripts[url.pathname]);
    }
    const page = pages[url.pathname];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('tidak ada');
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  server.on('upgrade', (req, socket) => {
    requests.push({ method: 'UPGRADE', path: req.url ?? '' });
    socket.destroy();
  });
  const l = await listen(server, '127.0.0.1');
  return { port: l.port, requests, close: l.close };
}
