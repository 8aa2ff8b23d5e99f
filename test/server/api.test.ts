import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { BUILTIN_FRAMEWORKS } from '../../src/frameworks/index.js';
import { startTestServer, type TestServer } from './helpers.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');
const DEMO_CSV = 'nqpf_demo_provinces_2012_2023_SYNTHETIC.csv';
/** The demo spec without analyses, robustness, report, Word tables and figures (quick; the run's workbook is checked). */
const SPEC = `title: workbench test
seed: 7
data: { file: ${DEMO_CSV}, unit: province, period: year, synthetic: true }
units: { registry: cn-provinces, group: region }
framework: { builtin: nqpf-three-factor }
steps:
  impute: { method: linear }
  normalise: { method: minmax, range: [0, 1], scope: pooled }
  weight: { method: entropy, scope: global, pooling: pooled }
  aggregate: { method: arithmetic }
outputs: { report: false, docx: false, figures: none }
`;

describe('workbench JSON API', () => {
  let t: TestServer;
  let demo: Buffer;
  beforeAll(async () => {
    t = await startTestServer();
    demo = await readFile(join(DEMO_DIR, DEMO_CSV));
  });
  afterAll(async () => {
    await t.stop();
  });

  it('GET /api/schema returns the spec JSON Schema; GET /api/frameworks the built-in frameworks', async () => {
    const s = await t.call('GET', '/api/schema');
    expect(s.status).toBe(200);
    const schema = s.json();
    expect(schema.$schema).toMatch(/2020-12/);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['data', 'units', 'framework', 'steps']));
    const f = await t.call('GET', '/api/frameworks');
    expect(f.status).toBe(200);
    expect(Object.keys(f.json()).sort()).toEqual(Object.keys(BUILTIN_FRAMEWORKS).sort());
  });

  it('create, list, get, update (versioned) and delete a project; a stale version → 409 with the current version', async () => {
    const c = await t.call('POST', '/api/projects', { name: '测试项目', spec_yaml: SPEC });
    expect(c.status).toBe(201);
    const p = c.json();
    expect(p).toMatchObject({ name: '测试项目', version: 1, spec_yaml: SPEC, files: [] });
    expect((await t.call('GET', '/api/projects')).json().map((x: { id: string }) => x.id)).toContain(p.id);
    // tab A and tab B both load version 1
    const a = await t.call('PUT', `/api/projects/${p.id}`, { version: 1, name: 'A' });
    expect(a.status).toBe(200);
    expect(a.json().version).toBe(2);
    const b = await t.call('PUT', `/api/projects/${p.id}`, { version: 1, name: 'B' });
    expect(b.status).toBe(409);
    expect(b.json().error).toMatchObject({ code: 'E_CONFLICT', currentVersion: 2 });
    const g = (await t.call('GET', `/api/projects/${p.id}`)).json();
    expect(g).toMatchObject({ name: 'A', version: 2, spec_yaml: SPEC });
    expect((await t.call('PUT', `/api/projects/${p.id}`, { name: 'no version' })).status).toBe(400);
    // concurrent saves on the same version: exactly one wins
    const results = await Promise.all([0, 1, 2, 3].map((i) => t.call('PUT', `/api/projects/${p.id}`, { version: 2, spec_yaml: `# tab ${i}\n${SPEC}` })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect((await t.call('GET', `/api/projects/${p.id}`)).json().version).toBe(3);
    expect((await t.call('DELETE', `/api/projects/${p.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/projects/${p.id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/projects/${p.id}`)).status).toBe(404);
  });

  it('upload stores bytes with their SHA-256 and previews a GBK CSV: encoding, columns, unit/period suggestions, unknown unit names with suggestions', async () => {
    const p = (await t.call('POST', '/api/projects', { name: 'gbk' })).json();
    const text = '省份,年份,地区,x1,x2\n北京,2020,东部,1.5,2\n北景,2020,东部,2.5,3\n上海市,2020,东部,3,NA\n全国,2020,,4,5\n';
    const bytes = iconv.encode(text, 'gbk');
    const r = await t.upload(p.id, '数据.csv', bytes);
    expect(r.status).toBe(201);
    const { file, preview } = r.json();
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(file.size).toBe(bytes.length);
    expect(preview.encoding).toBe('gb18030');
    expect(preview.header).toEqual(['省份', '年份', '地区', 'x1', 'x2']);
    expect(preview.rowCount).toBe(4);
    expect(preview.rows[1]).toEqual(['北景', '2020', '东部', '2.5', '3']);
    expect(preview.suggestions).toEqual({ unitColumn: '省份', periodColumn: '年份', registry: 'cn-provinces' });
    const unknown = Object.fromEntries(preview.unknownUnits.map((u: { name: string; suggestions: string[] }) => [u.name, u.suggestions]));
    expect(Object.keys(unknown).sort()).toEqual(['全国', '北景'].sort());
    expect(unknown.北景[0]).toBe('北京');
    expect(preview.columns.find((c: { name: string }) => c.name === 'x2')).toEqual({ name: 'x2', numeric: 3, missing: 1, text: 0 });
    // text columns list their distinct values in order of first appearance (a long table's indicator names)
    expect(preview.columns.find((c: { name: string }) => c.name === '地区')).toEqual({ name: '地区', numeric: 0, missing: 1, text: 3, values: ['东部'] });
    expect(preview.panel).toEqual({ units: 4, periods: 1, indicators: 2 });
    // bytes come back unchanged
    const dl = await t.call('GET', `/api/projects/${p.id}/files/${encodeURIComponent('数据.csv')}`);
    expect(dl.status).toBe(200);
    expect(Buffer.compare(dl.body, Buffer.from(bytes))).toBe(0);
    const pv = await t.call('GET', `/api/projects/${p.id}/files/${encodeURIComponent('数据.csv')}/preview`);
    expect(pv.json().encoding).toBe('gb18030');
    expect((await t.call('DELETE', `/api/projects/${p.id}/files/${encodeURIComponent('数据.csv')}`)).status).toBe(204);
    expect((await t.call('GET', `/api/projects/${p.id}`)).json().files).toEqual([]);
  });

  it('upload preview of an XLSX workbook reads its first sheet', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['province', 'year', 'a']);
    ws.addRow(['Beijing', 2021, 3.5]);
    ws.addRow(['Tianjin', 2021, 4]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const p = (await t.call('POST', '/api/projects', { name: 'xlsx' })).json();
    const r = await t.upload(p.id, 'd.xlsx', bytes);
    expect(r.status).toBe(201);
    const pv = r.json().preview;
    expect(pv).toMatchObject({
      encoding: 'xlsx',
      sheet: '数据',
      header: ['province', 'year', 'a'],
      rows: [
        ['Beijing', 2021, 3.5],
        ['Tianjin', 2021, 4],
      ],
      unknownUnits: [],
    });
    expect(pv.suggestions).toEqual({ unitColumn: 'province', periodColumn: 'year', registry: 'cn-provinces' });
  });

  it('POST /api/validate returns ok, or every error with its spec path; with project_id it checks the file names', async () => {
    expect((await t.call('POST', '/api/validate', { spec_yaml: SPEC })).json()).toEqual({ ok: true, errors: [] });
    const bad = (
      await t.call('POST', '/api/validate', { spec_yaml: SPEC.replace('method: entropy', 'method: entropyy').replace('method: linear', 'method: cubic') })
    ).json();
    expect(bad.ok).toBe(false);
    expect(bad.errors.map((e: { path: string }) => e.path).sort()).toEqual(['steps.impute.method', 'steps.weight.method']);
    const yaml = (await t.call('POST', '/api/validate', { spec_yaml: 'data: [\n' })).json();
    expect(yaml.ok).toBe(false);
    expect(yaml.errors[0].code).toBe('E_SPEC_YAML');
    const env = (await t.call('POST', '/api/validate', { spec_yaml: SPEC.replace(DEMO_CSV, '"${HOME}/x.csv"') })).json();
    expect(env.errors[0].code).toBe('E_SPEC_ENV'); // the server's environment is not exposed
    const p = (await t.call('POST', '/api/projects', { name: 'v', spec_yaml: SPEC })).json();
    const missing = (await t.call('POST', '/api/validate', { spec_yaml: SPEC, project_id: p.id })).json();
    expect(missing.errors[0]).toMatchObject({ code: 'E_SPEC_FILE', path: 'data.file' });
    const outside = (await t.call('POST', '/api/validate', { spec_yaml: SPEC.replace(DEMO_CSV, '../../etc/passwd'), project_id: p.id })).json();
    expect(outside.errors[0]).toMatchObject({ code: 'E_SPEC_FILE', path: 'data.file' });
  });

  it('a run materialises the project, streams progress (SSE), records provenance, and its outputs equal a direct runProject on the same files', async () => {
    const p = (await t.call('POST', '/api/projects', { name: 'run', spec_yaml: SPEC })).json();
    expect((await t.upload(p.id, DEMO_CSV, demo)).status).toBe(201);
    const start = await t.call('POST', `/api/projects/${p.id}/runs`, {});
    expect(start.status).toBe(202);
    const run = start.json();
    expect(run.status).toBe('queued');
    expect(run.out_dir).toBeUndefined();
    // SSE until the end event
    const ev = await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}/events`);
    expect(ev.status).toBe(200);
    expect(ev.headers['content-type']).toMatch(/text\/event-stream/);
    const events = ev.text
      .split('\n\n')
      .filter((x) => x.startsWith('data: '))
      .map((x) => JSON.parse(x.slice(6)));
    expect(events.map((e) => e.status).filter(Boolean)).toEqual(['queued', 'running', 'succeeded']);
    expect(events.at(-1)).toEqual({ type: 'end' });
    const rec = (await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}`)).json();
    expect(rec.status).toBe('succeeded');
    expect(rec.seed).toBe(7);
    expect(rec.finished).toBeTruthy();
    expect(rec.provenance.inputs.find((i: { role: string }) => i.role === 'data').sha256).toBe(createHash('sha256').update(demo).digest('hex'));
    expect(rec.provenance.specSha256).toBe(createHash('sha256').update(SPEC).digest('hex'));
    const names = rec.outputs.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['results.xlsx', 'run.json', 'weights.csv']));
    expect(JSON.stringify(rec)).not.toContain(t.dir);
    const list = (await t.call('GET', `/api/projects/${p.id}/runs`)).json();
    expect(list.map((r: { run_id: string }) => r.run_id)).toEqual([run.run_id]);

    // the same inputs run directly
    const dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-direct-'));
    try {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(dir, 'nqpf.yaml'), SPEC);
      await writeFile(join(dir, DEMO_CSV), demo);
      await runProject(join(dir, 'nqpf.yaml'), { out: join(dir, 'out'), env: {} });
      const direct = (await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.csv')).sort();
      expect(names.filter((n: string) => n.endsWith('.csv')).sort()).toEqual(direct);
      for (const f of direct) {
        const got = await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}/files/${f}`);
        expect(got.status, f).toBe(200);
        expect(got.headers['content-disposition']).toMatch(/^attachment/);
        expect(got.text, f).toBe(await readFile(join(dir, 'out', f), 'utf8'));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const x = await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}/files/results.xlsx`);
    expect(x.status).toBe(200);
    expect(x.body.subarray(0, 2).toString()).toBe('PK');
    const spec = await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}/spec`);
    expect(spec.text).toBe(SPEC);
    expect((await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}/files/nope.csv`)).status).toBe(404);
  });

  it('a failed run stores its error and leaves the project intact', async () => {
    const badSpec = SPEC.replace('unit: province', 'unit: provinz');
    const p = (await t.call('POST', '/api/projects', { name: 'fail', spec_yaml: badSpec })).json();
    await t.upload(p.id, DEMO_CSV, demo);
    const before = (await t.call('GET', `/api/projects/${p.id}`)).json();
    const run = (await t.call('POST', `/api/projects/${p.id}/runs`, {})).json();
    await t.s.runs.wait(p.id, run.run_id);
    const rec = (await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}`)).json();
    expect(rec.status).toBe('failed');
    expect(rec.error).toMatch(/provinz/);
    expect(rec.outputs).toEqual([]);
    expect((await t.call('GET', `/api/projects/${p.id}`)).json()).toEqual(before);
    // a spec pointing outside the project fails before anything is read
    await t.call('PUT', `/api/projects/${p.id}`, { version: before.version, spec_yaml: SPEC.replace(DEMO_CSV, '/etc/passwd') });
    const run2 = (await t.call('POST', `/api/projects/${p.id}/runs`, {})).json();
    await t.s.runs.wait(p.id, run2.run_id);
    const rec2 = (await t.call('GET', `/api/projects/${p.id}/runs/${run2.run_id}`)).json();
    expect(rec2.status).toBe('failed');
    expect(rec2.error).toMatch(/data\.file/);
    expect(rec2.error).not.toMatch(/root:/);
  });

  it('a run over its time limit is stopped and recorded as failed', async () => {
    const t2 = await startTestServer({ limits: { runs: { timeoutMs: 50, maxHeapMb: 512, maxConcurrent: 1, maxQueued: 0, workers: 1 } } });
    try {
      const p = (await t2.call('POST', '/api/projects', { name: 'slow', spec_yaml: SPEC })).json();
      await t2.upload(p.id, DEMO_CSV, demo);
      const run = (await t2.call('POST', `/api/projects/${p.id}/runs`, {})).json();
      const busy = await t2.call('POST', `/api/projects/${p.id}/runs`, {});
      expect(busy.status).toBe(429);
      await t2.s.runs.wait(p.id, run.run_id);
      const rec = (await t2.call('GET', `/api/projects/${p.id}/runs/${run.run_id}`)).json();
      expect(rec.status).toBe('failed');
      expect(rec.error).toMatch(/time limit/);
    } finally {
      await t2.stop();
    }
  });

  it('without a front end (web/dist absent) the placeholder page is served at /', async () => {
    const t3 = await startTestServer({ staticDir: false });
    try {
      const { raw } = await import('./helpers.js');
      const r = await raw(t3.s.port, 'GET', '/');
      expect(r.status).toBe(200);
      expect(r.text).toContain('nqpf workbench');
      expect((await raw(t3.s.port, 'GET', '/missing.js')).status).toBe(404);
    } finally {
      await t3.stop();
    }
  });
});
