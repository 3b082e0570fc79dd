// Ways to reach the city: mailto/tel/WhatsApp links and social accounts from gather, plus e-mail
// addresses and phone numbers written as plain text, which is how most portals publish them.
import { z } from 'zod';
import { socialNetworkOf } from '../../gather/links.ts';
import { urlParts } from '../text.ts';
import type { DetectorKind, FactPage } from '../types.ts';
import { EvidenceList, minField, minSummary, outcome, partialField } from './common.ts';

export const CHANNELS = ['email', 'phone', 'whatsapp', 'social', 'facebook', 'instagram', 'twitter', 'youtube', 'tiktok'] as const;
type Channel = (typeof CHANNELS)[number];

// Bounded like the RFC's parts (64 before the @, 63 a label): an unbounded run tried from every
// position of a long word before an '@' is quadratic in the page's text.
const EMAIL = /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/;
// +62 or a leading 0 area/mobile code, then digit groups: "(061) 4512412", "0812-1500-0512".
const PHONE = /(?:\+62|\(0\d{2,4}\)|(?<![\d.])0\d{2,4})[\s.-]?\d{3,4}[\s.-]?\d{2,5}(?![\d])/;

const schema = z.strictObject({
  kind: z.literal('channels'),
  channels: z.array(z.enum(CHANNELS)).min(1),
  min: minField,
  partial: partialField,
});
export type ChannelsConfig = z.infer<typeof schema>;

const NETWORKS: ReadonlySet<string> = new Set(CHANNELS);

/** The channel a host's network is, when it is one of CHANNELS (facebook, instagram, ...). */
function network(host: string): Channel | undefined {
  const net = socialNetworkOf(host);
  return net !== undefined && NETWORKS.has(net) ? (net as Channel) : undefined;
}

export const channels: DetectorKind<ChannelsConfig> = {
  kind: 'channels',
  schema,
  start(c) {
    const found = new Set<Channel>();
    const ev = new EvidenceList();
    const hit = (ch: Channel, url: string, text: string) => {
      if (!c.channels.includes(ch) || found.has(ch)) return;
      found.add(ch);
      ev.add(url, `${ch}: ${text}`);
    };
    const page = (p: FactPage) => {
      for (const l of p.facts.links) {
        if (l.hidden) continue;
        if (l.kind === 'mailto') hit('email', p.url, l.href);
        else if (l.kind === 'tel') hit('phone', p.url, l.href);
        else if (l.kind === 'whatsapp') hit('whatsapp', p.url, l.href);
        const net = l.kind === 'social' ? network(urlParts(l.href).host) : undefined;
        if (net) {
          hit(net, p.url, l.href);
          hit('social', p.url, l.href);
        }
      }
      const email = p.facts.text.includes('@') ? EMAIL.exec(p.facts.text) : null;
      if (email) hit('email', p.url, email[0]);
      const phone = PHONE.exec(p.facts.text);
      if (phone) {
        // A number next to "WhatsApp"/"WA" is a WhatsApp channel as well as a phone line.
        const around = p.facts.text.slice(Math.max(0, phone.index - 30), phone.index).toLowerCase();
        hit(/whats ?app|\bwa\b/.test(around) ? 'whatsapp' : 'phone', p.url, phone[0]);
        hit('phone', p.url, phone[0]);
      }
    };
    return {
      page,
      get settled() {
        return c.channels.every((ch) => found.has(ch));
      },
      finish: () => outcome(c.channels.filter((ch) => found.has(ch)).length, c.min, c.partial, ev, `none of: ${c.channels.join(', ')}`),
    };
  },
  summary: (c) => `contact channels: ${c.channels.join(', ')}${minSummary(c.min, c.partial)}`,
};
