// Which URLs belong to the city. A portal is usually reachable with and without "www.", over http
// and https; a city often runs its services on sibling hosts under one registered domain, which the
// target lists as `domains`.

export interface Scope {
  /** Origin of the portal URL as given (scheme://host[:port]). */
  readonly portalOrigin: string;
  /** Portal hostname without a leading "www.". */
  readonly portalHost: string;
  isInternal(url: URL): boolean;
  /** Accept another host as the portal's own (the seed redirected there). */
  addHost(host: string, port?: string): void;
}

function bareHost(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h.startsWith('www.') ? h.slice(4) : h;
}

function effectivePort(url: URL): string {
  // Default ports are elided by WHATWG URL, so '' means 80 or 443, which we treat as one site.
  return url.port;
}

export function makeScope(portal: string, domains: string[] = []): Scope {
  const portalUrl = new URL(portal);
  const sites = new Set<string>([`${bareHost(portalUrl.hostname)}|${effectivePort(portalUrl)}`]);
  const suffixes = domains
    .map((d) => d.trim().toLowerCase().replace(/^\*\./, '').replace(/^\.+|\.+$/g, ''))
    .filter((d) => d.length > 0);

  return {
    portalOrigin: portalUrl.origin,
    portalHost: bareHost(portalUrl.hostname),
    isInternal(url: URL): boolean {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
      const host = url.hostname.toLowerCase().replace(/\.$/, '');
      if (sites.has(`${bareHost(host)}|${effectivePort(url)}`)) return true;
      return suffixes.some((d) => host === d || host.endsWith(`.${d}`));
    },
    addHost(host: string, port = ''): void {
      sites.add(`${bareHost(host)}|${port}`);
    },
  };
}
