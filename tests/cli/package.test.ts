// The package as a researcher installs it: `npm pack` (which builds dist/), the tarball installed
// into an empty folder, then the command and the library used from plain Node — no tsx, no sources.
// Dependencies come from npm's cache (`--offline`, filled by the checkout's own `npm ci`): the folder
// gets a lockfile made of the checkout's own (its production entries, the tarball for egovscan), so
// that npm needs only the tarballs `npm ci` cached, not the registry's package listings, which
// `npm ci` never fetches and a fresh machine's cache does not have. The
// native module, better-sqlite3, gets the binary the checkout already compiled instead of compiling
// it again, which is what its install script would produce on this machine.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let installed: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'egovscan-pack-'));
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 64 << 20 });
  const tarball = stdout.trim().split('\n').pop()!;
  await writeLockedProject(dir, tarball);
  await run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 << 20 });
  installed = join(dir, 'node_modules', 'egovscan');
  await cp(join(ROOT, 'node_modules/better-sqlite3/build'), join(dir, 'node_modules/better-sqlite3/build'), { recursive: true });
}, 240_000);

/** package.json and package-lock.json of an empty project that depends on the packed tarball. */
async function writeLockedProject(folder: string, tarball: string): Promise<void> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'));
  const spec = `file:${tarball}`;
  // The checkout's overrides too: its lockfile holds the versions they chose.
  const packages: Record<string, unknown> = {
    '': { name: 'pack-test', dependencies: { egovscan: spec } },
    'node_modules/egovscan': {
      version: pkg.version,
      resolved: spec,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean }>)) {
    if (path.startsWith('node_modules/') && !entry.dev) packages[path] = entry;
  }
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'pack-test', private: true, type: 'module', dependencies: { egovscan: spec }, overrides: pkg.overrides }));
  await writeFile(join(folder, 'package-lock.json'), JSON.stringify({ name: 'pack-test', lockfileVersion: 3, requires: true, packages }));
}

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships the build, not the sources, and needs no tsx at run time', async () => {
    const files = await readdir(installed);
    expect(files).toContain('dist');
    expect(files).not.toContain('src');
    const pkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies)).not.toContain('@axe-core/playwright');
    expect(pkg.dependencies['axe-core']).toBeTruthy();
    await expect(readdir(join(dir, 'node_modules', 'tsx'))).rejects.toThrow();
  });

  it('runs `egovscan --help` and `demo` from the installed bin', async () => {
    const bin = join(dir, 'node_modules', '.bin', 'egovscan');
    const help = await run(bin, ['--help'], { cwd: dir });
    expect(help.stdout).toContain('Usage: egovscan');
    const demo = await run(bin, ['demo', '--out', 'out', '--render', 'never', '--run-id', 'packed'], { cwd: dir, maxBuffer: 64 << 20 });
    expect(demo.stdout).toMatch(/sukamaju\s.*transaction/);
    const cities = await readFile(join(dir, 'out', 'packed', 'cities.csv'), 'utf8');
    expect(cities.split('\n').filter((l) => l.trim() !== '').length).toBeGreaterThanOrEqual(10);
    // The client-rendered portal, read without a browser, is not judged from its empty shell.
    const shell = cities.split('\n').find((l) => l.includes('kaliwangi'))!;
    expect(shell).toContain(',none,');
    expect(shell).toContain('empty app shell that was not rendered');
  }, 120_000);

  it('is importable from plain Node, with its types', async () => {
    await writeFile(
      join(dir, 'use.mjs'),
      "const m = await import('egovscan');\nconsole.log(typeof m.runCrawl, typeof m.loadTargets, typeof m.evaluateCity, m.VERSION);\n",
    );
    const out = await run(process.execPath, ['use.mjs'], { cwd: dir });
    expect(out.stdout.trim()).toMatch(/^function function function \d+\.\d+\.\d+/);
    // A TypeScript user's editor finds the declarations through the package's exports.
    await writeFile(
      join(dir, 'use.ts'),
      "import { loadTargets, type Target } from 'egovscan';\nconst t: Promise<Target[]> = loadTargets('x.yaml');\nconst n: number = t;\nexport { n };\n",
    );
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['use.ts'] }),
    );
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    // The deliberate mistake (a Promise assigned to a number) is found only if the types resolved.
    const checked = await run(tsc, ['-p', dir], { cwd: dir }).then(() => '', (e: { stdout: string }) => e.stdout);
    expect(checked).toContain("Type 'Promise<");
    expect(checked).not.toContain('Cannot find module');
  }, 60_000);
});
