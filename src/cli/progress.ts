// Progress on long runs, on stderr so that stdout stays clean for tables and pipes. A terminal gets
// one line rewritten in place; a log file (cron, CI) gets a status line at most every 15 seconds.
import type { CityProgress } from '../run/crawl-city.ts';

export class ProgressReporter {
  private readonly cities = new Map<string, CityProgress>();
  private lastLog = 0;
  private done = 0;
  private readonly tty: boolean;

  constructor(private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  update(p: CityProgress): void {
    this.cities.set(p.cityId, p);
    const now = Date.now();
    if (this.tty ? now - this.lastLog < 200 : now - this.lastLog < 15_000) return;
    this.lastLog = now;
    const active = [...this.cities.values()].map((c) => `${c.cityId} ${c.fetched} pages${c.failed ? ` (${c.failed} failed)` : ''}`).join(' · ');
    const line = `[${this.done}/${this.total} cities] ${active}`;
    if (this.tty) this.stream.write(`\r\x1b[K${line.slice(0, (this.stream.columns ?? 120) - 1)}`);
    else this.stream.write(`${new Date().toISOString()} ${line}\n`);
  }

  cityDone(cityId: string, text: string): void {
    this.done += 1;
    this.cities.delete(cityId);
    if (this.tty) this.stream.write('\r\x1b[K');
    this.stream.write(`[${this.done}/${this.total}] ${text}\n`);
  }

  end(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}
