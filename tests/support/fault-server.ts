// A loopback server that plays every way an Indonesian city application can be alive, abandoned or
// dead. One HTTP listener serves many virtual hosts (chosen by the Host header; the crawler reaches
// them through its `resolve` map), HTTPS listeners present broken certificates, one port refuses
// connections, and names under `.invalid` do not resolve. Behaviours can be swapped between runs
// (`setBehaviour`) so that a test can make an application die or recover.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TLS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'tls');
const pem = (name: string) => readFileSync(join(TLS_DIR, name), 'utf8');

export const FAULT_DOMAIN = 'fault.test';
export const PORTAL_HOST = `portal.${FAULT_DOMAIN}`;

export type Behaviour =
  | 'portal'
  | 'healthy'
  | 'abandoned'
  | 'http_404'
  | 'http_500'
  | 'soft_404'
  | 'catch_all_home'
  | 'apache_default'
  | 'nginx_default'
  | 'iis_default'
  | 'index_of'
  | 'cpanel_suspended'
  | 'for_sale'
  | 'redirect_home'
  | 'redirect_loop'
  | 'waf_challenge'
  | 'rate_limited'
  | 'robots_disallow'
  | 'timeout'
  | 'login_basic_auth';

/** The TLS faults; each has its own listener (a certificate is per listener). */
export type TlsFault = 'selfsigned' | 'expired' | 'wronghost' | 'incomplete' | 'valid';

const TLS_HOSTS: Record<TlsFault, { host: string; cert: string; key: string }> = {
  selfsigned: { host: `selfsigned.${FAULT_DOMAIN}`, cert: 'selfsigned.pem', key: 'selfsigned.key' },
  expired: { host: `expired.${FAULT_DOMAIN}`, cert: 'expired.pem', key: 'expired.key' },
  wronghost: { host: `wronghost.${FAULT_DOMAIN}`, cert: 'wronghost.pem', key: 'wronghost.key' },
  incomplete: { host: `incomplete.${FAULT_DOMAIN}`, cert: 'incomplete.pem', key: 'incomplete.key' },
  valid: { host: `secure.${FAULT_DOMAIN}`, cert: 'valid.pem', key: 'valid.key' },
};

/** The test root that signed valid/wronghost/expired/incomplete (trust it in the test's agent). */
export const TEST_CA = pem('ca.pem');

const MONTHS_ID = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

function tanggal(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS_ID[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

export interface FaultServer {
  /** http://<host>:<port>/ for a virtual host on the HTTP listener. */
  url(host: string, path?: string): string;
  /** https://<host>:<port>/ for a TLS fault. */
  tlsUrl(fault: TlsFault, path?: string): string;
  /** A URL on a port where nothing listens. */
  refusedUrl: string;
  /** A name that does not resolve (reserved TLD `.invalid`). */
  deadDnsUrl: string;
  portalUrl: string;
  /** host → 127.0.0.1 for every name the server answers. */
  resolve: Record<string, string>;
  /** Define or change what a virtual host does; returns its URL. */
  setBehaviour(host: string, behaviour: Behaviour): string;
  /** Requests seen per host (paths), to assert what was (not) fetched. */
  requests: Map<string, string[]>;
  close(): Promise<void>;
}

export async function startFaultServer(opts: { now?: Date } = {}): Promise<FaultServer> {
  const now = opts.now ?? new Date();
  const behaviours = new Map<string, Behaviour>([[PORTAL_HOST, 'portal']]);
  const requests = new Map<string, string[]>();
  const hanging = new Set<Socket>();
  let httpPort = 0;
  const portalUrl = () => `http://${PORTAL_HOST}:${httpPort}/`;

  const handle = (behaviour: Behaviour, req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0]!;
    const html = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    if (path === '/robots.txt' && behaviour !== 'robots_disallow' && behaviour !== 'soft_404' && behaviour !== 'catch_all_home') {
      // Most hosts have no robots.txt, like most go.id sites; the catch-all ones answer it with their page.
      if (behaviour === 'timeout' || behaviour === 'waf_challenge' || behaviour === 'rate_limited') {
        // Filters guard robots.txt too; a hung server hangs on it as well.
      } else {
        html(404, page('404', '<h1>Not Found</h1>'));
        return;
      }
    }
    const recent = new Date(now.getTime() - 10 * 86_400_000);
    switch (behaviour) {
      case 'portal':
        html(200, page('Pemerintah Kota Contoh', `<h1>Selamat Datang di Portal Kota Contoh</h1><p>Berita ${tanggal(recent)}</p><footer>© ${now.getUTCFullYear()} Diskominfo</footer>`));
        return;
      case 'healthy':
        html(200, page('SIMPEG Kota Contoh', `<h1>Sistem Informasi Kepegawaian</h1><form method="post"><input name="nip"><input type="password" name="pw"></form><p>Pengumuman terakhir: ${tanggal(recent)}</p><footer>Hak Cipta © ${now.getUTCFullYear()} Pemerintah Kota Contoh</footer>`));
        return;
      case 'abandoned':
        html(200, page('E-Musrenbang Kota Contoh', '<h1>E-Musrenbang</h1><p>Jadwal musrenbang kelurahan: 14 Maret 2022</p><p>Update: 2 Februari 2022</p><footer>© 2021 Bappeda Kota Contoh</footer>'));
        return;
      case 'http_404':
        html(404, page('404 Not Found', '<h1>Not Found</h1><p>The requested URL was not found on this server.</p>'));
        return;
      case 'http_500':
        html(500, page('500 Internal Server Error', '<h1>Internal Server Error</h1>'));
        return;
      case 'soft_404':
        html(200, page('Kota Contoh', '<div class="error"><h2>Maaf, Halaman tidak ditemukan</h2><p>Silakan kembali ke beranda.</p></div>'));
        return;
      case 'catch_all_home':
        // A CMS that answers every unknown path with its home page (no redirect, status 200).
        html(200, page('Dinas Kominfo Kota Contoh', `<h1>Dinas Komunikasi dan Informatika</h1><p>Berita terbaru ${tanggal(recent)}: rapat koordinasi SPBE.</p><p>Layanan: PPID, pengaduan, data.</p>`));
        return;
      case 'apache_default':
        html(200, '<html><head><title>Apache2 Ubuntu Default Page: It works</title></head><body><div class="page_header">Apache2 Ubuntu Default Page</div><p>This is the default welcome page used to test the correct operation of the Apache2 server after installation on Ubuntu systems.</p></body></html>', { server: 'Apache/2.4.52 (Ubuntu)' });
        return;
      case 'nginx_default':
        html(200, '<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1><p>If you see this page, the nginx web server is successfully installed and working. Further configuration is required.</p></body></html>', { server: 'nginx' });
        return;
      case 'iis_default':
        html(200, '<!DOCTYPE html><html><head><title>IIS Windows Server</title></head><body><div id="container"><a href="http://go.microsoft.com/fwlink/?linkid=66138"><img src="iisstart.png" alt="IIS"></a></div></body></html>', { server: 'Microsoft-IIS/10.0' });
        return;
      case 'index_of':
        html(200, '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN"><html><head><title>Index of /</title></head><body><h1>Index of /</h1><table><tr><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last modified</a></th></tr><tr><td><a href="cgi-bin/">cgi-bin/</a></td><td>2019-03-01 10:00</td></tr></table><address>Apache/2.4.41 Server at localhost Port 80</address></body></html>');
        return;
      case 'cpanel_suspended':
        html(200, '<html><head><title>Account Suspended</title></head><body><h1>This Account has been suspended.</h1><p>Contact your hosting provider for more information.</p></body></html>');
        return;
      case 'for_sale':
        html(200, page('simpatik-kota.go.id', '<h1>Domain ini dijual!</h1><p>This domain is for sale. Make an offer.</p><script src="https://parking.example/lander.js"></script>'));
        return;
      case 'redirect_home':
        res.writeHead(302, { location: portalUrl() });
        res.end();
        return;
      case 'redirect_loop':
        res.writeHead(302, { location: path === '/' ? '/masuk' : '/' });
        res.end();
        return;
      case 'waf_challenge':
        html(403, '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><noscript>Enable JavaScript and cookies to continue</noscript><script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1"></script></body></html>', { 'cf-mitigated': 'challenge', server: 'cloudflare' });
        return;
      case 'rate_limited':
        html(429, page('429 Too Many Requests', '<h1>Too Many Requests</h1>'), { 'retry-after': '0' });
        return;
      case 'robots_disallow':
        if (path === '/robots.txt') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('User-agent: *\nDisallow: /\n');
          return;
        }
        html(200, page('Internal', '<h1>Internal</h1>'));
        return;
      case 'login_basic_auth':
        html(401, page('401', '<h1>Authorization Required</h1>'), { 'www-authenticate': 'Basic realm="intranet"' });
        return;
      case 'timeout':
        // Accept the request and never send headers: the client's timeout has to end it.
        hanging.add(req.socket);
        return;
    }
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const list = requests.get(host) ?? [];
    list.push(req.url ?? '/');
    requests.set(host, list);
    const behaviour = behaviours.get(host);
    if (!behaviour) {
      res.writeHead(421, { 'content-type': 'text/plain' });
      res.end(`no virtual host ${host}`);
      return;
    }
    handle(behaviour, req, res);
  };

  const listen = (server: net.Server): Promise<number> =>
    new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

  const httpServer = http.createServer(onRequest);
  httpServer.keepAliveTimeout = 1000;
  httpPort = await listen(httpServer);

  const tlsServers = new Map<TlsFault, { server: https.Server; port: number }>();
  for (const [fault, spec] of Object.entries(TLS_HOSTS) as Array<[TlsFault, (typeof TLS_HOSTS)[TlsFault]]>) {
    const server = https.createServer({ cert: pem(spec.cert), key: pem(spec.key) }, (req, res) => {
      // Every TLS host that gets as far as HTTP behaves as a healthy application.
      behaviours.set(spec.host, behaviours.get(spec.host) ?? 'healthy');
      onRequest(req, res);
    });
    tlsServers.set(fault, { server, port: await listen(server) });
  }

  // A port that was just free: bind, note it, close. Nothing listens there afterwards.
  const probe = net.createServer();
  const refusedPort = await listen(probe);
  await new Promise<void>((r) => probe.close(() => r()));

  const resolve: Record<string, string> = { [PORTAL_HOST]: '127.0.0.1', 'refused.fault.test': '127.0.0.1' };
  for (const spec of Object.values(TLS_HOSTS)) resolve[spec.host] = '127.0.0.1';

  const fs: FaultServer = {
    url: (host, path = '/') => `http://${host}:${httpPort}${path}`,
    tlsUrl: (fault, path = '/') => `https://${TLS_HOSTS[fault].host}:${tlsServers.get(fault)!.port}${path}`,
    refusedUrl: `http://refused.fault.test:${refusedPort}/`,
    deadDnsUrl: `http://sipandu.kotacontoh.invalid:${httpPort}/`,
    portalUrl: portalUrl(),
    resolve,
    requests,
    setBehaviour(host, behaviour) {
      behaviours.set(host, behaviour);
      resolve[host] = '127.0.0.1';
      return fs.url(host);
    },
    async close() {
      for (const s of hanging) s.destroy();
      const all: Array<http.Server | https.Server> = [httpServer, ...[...tlsServers.values()].map((t) => t.server)];
      await Promise.all(
        all.map((s) => new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        })),
      );
    },
  };
  return fs;
}
