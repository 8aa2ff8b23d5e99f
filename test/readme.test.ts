/**
 * Every command README.md shows runs on a fresh clone without the reference data ../shared
 * (issue 12). The tracked files (`git ls-files`) are copied into a temporary directory — a clone
 * as `git clone` leaves it, without dist/, out/ or ../shared — beside a link to node_modules, and
 * each command of the ```sh blocks and each runnable inline command is run there as a separate
 * process, `nqpf …` / `npx nqpf …` as `node bin/nqpf.js …` (which builds dist/ first, as on a
 * fresh clone), with NQPF_SHARED pointing to a directory that does not exist. A command must
 * succeed, or — when its example needs the reference data, which nqpf does not ship — fail with
 * an error that says so. `npm ci` and `npm test` are what runs this test: they are only checked to
 * be the documented two commands; `npm pack` is checked with --dry-run (what the tarball would
 * hold and its name) — the install itself takes a minute and the network (checked by hand).
 * An inline command must be run or listed in SKIP with the reason, so a new one is a decision.
 * The demo's outputs are checked here too (synthetic data flagged in every output, the pipeline
 * tables written): `nqpf demo` is the most expensive command and runs once, as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };
const NEEDS_SHARED = 'needs the reference data ../shared (NQPF_SHARED), which is not shipped with nqpf';

/** The ```sh blocks of a Markdown text, each as its list of commands (comments stripped, `&&` split). */
function shCommands(md: string): string[][] {
  return [...md.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) =>
    m[1]
      .split('\n')
      .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
      .flatMap((l) => l.split('&&').map((c) => c.trim()))
      .filter((c) => c !== ''),
  );
}

/** Inline code spans that are commands (`nqpf …`, `npx nqpf …`, `npm …`), outside fenced blocks. */
function inlineCommands(md: string): string[] {
  const prose = md.replace(/^```[\s\S]*?^```/gm, '');
  return [...new Set([...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).filter((c) => /^(npx nqpf|nqpf|npm)( |$)/.test(c)))];
}

/** Inline spans not run, with the reason. */
const SKIP: Record<string, string> = {
  nqpf: 'the command name',
  'npx nqpf': 'the command name (the README warns against it outside the clone)',
  'npx nqpf …': 'a pattern',
  'nqpf run': 'a command name in prose',
  'npm ci': 'runs this test (checked: the documented first command)',
  'npm test': 'runs this test (checked: the documented second command)',
  'npm install -g .': 'a global install (the tarball install is checked with npm pack --dry-run)',
  'npm run bench': 'a development benchmark (minutes)',
  'npm run bench -- synthetic': 'a development benchmark',
  'npm run schema': 'regenerates the committed schema (test/spec checks it is current)',
  'nqpf run spec.yaml --workers 4': 'spec.yaml stands for your spec',
  'npx nqpf serve': 'a server that runs until stopped (the workbench tests start it)',
};
/** Inline spans that are run. */
const RUN_INLINE = ['nqpf init my-study', 'npx nqpf schema', 'nqpf schema'];

describe('README commands on a fresh clone without ../shared', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'nqpf-readme-'));
  const clone = join(tmp, 'nqpf');
  const env: NodeJS.ProcessEnv = { ...process.env, NQPF_SHARED: join(tmp, 'no-shared') };
  delete env.NODE_OPTIONS;
  const ran = new Set<string>();
  /** What each command run printed, by its arguments. */
  const printed = new Map<string, { status: number | null; stdout: string; stderr: string }>();

  beforeAll(() => {
    // The files a commit would hold: tracked and new ones, not the ignored (dist/, out/, node_modules/ …).
    const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
    expect(git.status, git.stderr).toBe(0);
    for (const f of git.stdout.split('\0').filter(Boolean)) {
      if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(clone, f));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    expect(existsSync(join(clone, 'dist'))).toBe(false);
  });
  // The copy and its outputs (the link to node_modules is removed, not followed).
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** Run one README command in the clone; returns what it printed. */
  function run(command: string): { status: number | null; stdout: string; stderr: string } {
    expect(command, 'quoted arguments are not parsed here').not.toMatch(/["'`$|<>;]/);
    const words = command.split(/\s+/);
    if (words[0] === 'npx') words.shift();
    expect(words[0], command).toBe('nqpf');
    const args = words.slice(1);
    // `nqpf demo` writes ./nqpf-demo-output: the same run as `nqpf demo --out nqpf-demo-output`.
    if (args.length === 1 && args[0] === 'demo') args.push('--out', 'nqpf-demo-output');
    const r = spawnSync(process.execPath, [join(clone, 'bin', 'nqpf.js'), ...args], { cwd: clone, env, encoding: 'utf8', timeout: 120_000 });
    ran.add(args.join(' '));
    printed.set(args.join(' '), { status: r.status, stdout: r.stdout, stderr: r.stderr });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  function check(command: string): void {
    const words = command.split(/\s+/);
    const key = words.slice(words[0] === 'npx' ? 2 : 1).join(' ');
    if (ran.has(key === 'demo' ? 'demo --out nqpf-demo-output' : key)) return;
    const r = run(command);
    if (r.status !== 0) expect(r.stderr, `${command} failed without saying it needs the reference data:\n${r.stderr}`).toContain(NEEDS_SHARED);
  }

  it('the two commands are `npm ci && npx nqpf demo` and `npm test`; npm ci compiles dist/ (prepare)', () => {
    const blocks = shCommands(README);
    expect(blocks[0]).toEqual(['npm ci', 'npx nqpf demo', 'npm test']);
    expect(PKG.scripts.prepare).toMatch(/build-dist\.mjs/);
    expect(PKG.scripts.test).toMatch(/vitest run/);
  });

  it('every command of the ```sh blocks runs, or says it needs the reference data', async () => {
    // `nqpf --version` alone answers from package.json without loading the CLI (bin/nqpf.js); any
    // other first command builds dist/ in the clone.
    const v = run('nqpf --version');
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain(`nqpf/${PKG.version}`);
    const h = run('nqpf --help');
    expect(h.status, h.stderr).toBe(0);
    expect(existsSync(join(clone, 'dist', 'cli', 'main.js'))).toBe(true);
    const install = new RegExp(`^npm install -g \\./nqpf-${PKG.version.replace(/\./g, '\\.')}\\.tgz$`);
    let packed = false;
    for (const c of shCommands(README).flat()) {
      if (c === 'npm ci' || c === 'npm test') continue;
      if (c === 'npm pack') {
        const p = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: clone, env, encoding: 'utf8' });
        expect(p.status, p.stderr).toBe(0);
        const [info] = JSON.parse(p.stdout) as { filename: string; files: { path: string }[] }[];
        expect(info.filename).toBe(`nqpf-${PKG.version}.tgz`);
        const files = info.files.map((f) => f.path);
        for (const f of [
          'bin/nqpf.js',
          'dist/cli/main.js',
          'dist/bundle/main.js',
          'dist/bundle/figures-worker.js',
          'package.json',
          'README.md',
          'examples/demo/demo.yaml',
        ])
          expect(files, f).toContain(f);
        packed = true;
        continue;
      }
      if (c.startsWith('npm install -g')) {
        expect(c, 'install the packed tarball by its file name').toMatch(install);
        expect(packed, 'npm pack comes before the install').toBe(true);
        continue;
      }
      expect(c, 'a command the README shows must be nqpf or one of the npm commands above').toMatch(/^(npx )?nqpf\b/);
      check(c);
    }
    expect(existsSync(join(clone, 'nqpf-demo-output', 'run.json'))).toBe(true);
    // The examples that need ../shared fail before writing anything.
    expect(existsSync(join(clone, 'out', 'scitech'))).toBe(false);
    await checkDemo(printed.get('demo --out nqpf-demo-output')!.stderr, join(clone, 'nqpf-demo-output'));
  }, 150_000);

  it('inline commands: the runnable ones run, the others are listed with a reason', () => {
    for (const c of inlineCommands(README)) {
      if (/[<[]/.test(c)) continue; // a synopsis of the command table
      expect(RUN_INLINE.includes(c) || c in SKIP, `README shows \`${c}\`: run it here (RUN_INLINE) or say why not (SKIP)`).toBe(true);
    }
    for (const c of RUN_INLINE) {
      expect(inlineCommands(README), `${c} is no longer in the README`).toContain(c);
      const key = c.replace(/^npx /, '');
      if (ran.has(key.replace(/^nqpf /, ''))) continue;
      const r = run(c);
      expect(r.status, `${c}: ${r.stderr}`).toBe(0);
      if (key === 'nqpf schema') expect(JSON.parse(r.stdout).$schema).toMatch(/json-schema/);
    }
    expect(existsSync(join(clone, 'my-study', 'nqpf.yaml'))).toBe(true);
  });

  it('npx nqpf in the clone is this checkout, not the registry', () => {
    const r = spawnSync('npx', ['--no-install', 'nqpf', '--version'], { cwd: clone, env, encoding: 'utf8', timeout: 300_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`nqpf/${PKG.version}`);
  });
});

/** `nqpf demo`: the three-factor framework on the synthetic panel, saying SYNTHETIC everywhere. */
async function checkDemo(stderr: string, out: string): Promise<void> {
  expect(stderr).toContain('SYNTHETIC');
  expect(stderr).toMatch(/31 units × 12 periods \(2012–2023\)/);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  expect(run.synthetic).toBe(true);
  expect(run.notice).toContain('SYNTHETIC');
  expect(readFileSync(join(out, 'SYNTHETIC-DATA.txt'), 'utf8')).toContain('SYNTHETIC');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(out, 'results.xlsx'));
  const about = wb.getWorksheet('about')!;
  expect(String(about.getCell(2, 2).value)).toContain('SYNTHETIC');
  // Every pipeline data set and the weights are written.
  for (const f of ['data_raw.csv', 'data_imputed.csv', 'data_normalised.csv', 'data_aggregated.csv', 'weights.csv', 'ranks.csv'])
    expect(existsSync(join(out, f))).toBe(true);
  const aggText = readFileSync(join(out, 'data_aggregated.csv'), 'utf8');
  expect(aggText.startsWith('\uFEFF'), 'CSV outputs start with a UTF-8 BOM by default').toBe(true);
  const agg = aggText.slice(1).split('\n');
  expect(agg[0]).toMatch(/^unit,period,/);
  expect(agg[0]).toContain('NQPF');
  expect(agg[0]).toContain('NQPF_topsis');
  expect(agg.length - 2).toBe(372);
}
