// A bot filter's challenge is not the site's answer: an application behind Cloudflare that shows
// "Just a moment..." is not dead, and must be reported as `blocked`, never as `http_403`.

const BODY_MARKERS = [
  'just a moment...',
  'attention required! | cloudflare',
  'cf-browser-verification',
  'challenge-platform',
  'cf_chl_',
  'captcha',
  'are you a robot',
  'verify you are human',
  'checking your browser',
  'request rejected',
  'the requested url was rejected',
  'sucuri website firewall',
  'incapsula incident',
  '_incapsula_resource',
  'powered by imperva',
  'ddos-guard',
  'datadome',
  'perimeterx',
  'bot protection',
];

const CHALLENGE_STATUSES = new Set([403, 429, 503]);

export function isBotBlock(status: number, headers: Record<string, string>, body: string): boolean {
  if ((headers['cf-mitigated'] ?? '').toLowerCase() === 'challenge') return true;
  if (!CHALLENGE_STATUSES.has(status)) return false;
  if (headers['x-sucuri-block'] !== undefined || headers['x-iinfo'] !== undefined || headers['x-datadome'] !== undefined) {
    return true;
  }
  const text = body.toLowerCase();
  if (BODY_MARKERS.some((m) => text.includes(m))) return true;
  // Akamai's edge denial: "Access Denied ... Reference #18.xxxx".
  const server = (headers['server'] ?? '').toLowerCase();
  if (text.includes('access denied') && (text.includes('reference #') || server.includes('akamai'))) return true;
  return false;
}
