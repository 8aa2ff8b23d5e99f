/**
 * Workbench hardening (issue "Never delete, lose or leak what a user owns", workbench part): spec
 * paths confined to the uploads, no open redirect, run queue, spec checks in a worker, disk full,
 * no server paths in run errors, connection limits and the minor request checks.
 */
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specJsonSchemaText } from '../../src/spec/json-schema.js';
import { parseSpec } from '../../src/spec/parse.js';
import { specFileRefs } from '../../src/server/spec-check.js';
import { raw, startTestServer, type RawResponse, type TestServer } from './helpers.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');
const DEMO_CSV = 'nqpf_demo_provinces_2012_2023_SYNTHETIC.csv';
const SPEC = `title: hardening
seed: 7
data: { file: ${DEMO_CSV}, unit: province, period: year, synthetic: true }
units: { registry: cn-provinces, group: region }
framework: { builtin: nqpf-three-factor }
outputs: { xlsx: false, docx: false, report: false, figures: none }
`;

/** No file content and no absolute server path in a response. */
function clean(r: RawResponse, t: TestServer, what: string): void {
  expect(r.text, what).not.toMatch(/root:x:0:0/);
  expect(r.text, what).not.toContain(t.dir);
  expect(r.text, what).not.toContain('/etc/passwd');
  expect(r.text, what).not.toMatch(/DUCK|workbench\.duckdb/);
  expect(r.text, what).not.toMatch(/\n\s+at /); // no stack trace
}

describe('workbench hardening', () => {
  let t: TestServer;
  let demo: Buffer;
  let logs: string[];
  beforeAll(async () => {
    logs = [];
    // The spec checks' time limit (10 s by default) is tested on its own below (E_TIMEOUT); here the bombs must be
    // refused by their own limits, also when a busy machine makes parsing 60,000 keys take longer than that.
    t = await startTestServer({ log: (l) => logs.push(l), limits: { runs: { specTimeoutMs: 240_000 } } });
    demo = await readFile(join(DEMO_DIR, DEMO_CSV));
  });
  afterAll(async () => {
    await t.stop();
  });

  const health = async () => expect((await t.call('GET', '/api/health')).status).toBe(200);

  it('every path a spec names must be an uploaded file: /etc/passwd and the workbench database are refused without content or server paths', async () => {
    const p = (await t.call('POST', '/api/projects', { name: 'paths', spec_yaml: SPEC })).json();
    expect((await t.upload(p.id, DEMO_CSV, demo)).status).toBe(201);
    const db = join(t.dir, 'data', 'workbench.duckdb');
    const cases: [string, string, boolean][] = [
      ['outputs.map.geojson', `${SPEC.replace('outputs: {', 'outputs: { map: { geojson: /etc/passwd },')}`, true],
      ['outputs.map.geojson', `${SPEC.replace('outputs: {', `outputs: { map: { geojson: "${db}" },`)}`, true],
      ['outputs.map.geojson', `${SPEC.replace('outputs: {', 'outputs: { map: { geojson: ../../workbench.duckdb },')}`, false],
      ['units.file', SPEC.replace('units: { registry: cn-provinces, group: region }', 'units: { file: /etc/passwd }'), false],
      ['framework.file', SPEC.replace('framework: { builtin: nqpf-three-factor }', `framework: { file: "${db}" }`), false],
      ['analyses.weights.file', `${SPEC}analyses:\n  weights: { file: /etc/passwd }\n  moran: {}\n`, false],
      ['data.file', SPEC.replace(DEMO_CSV, '/etc/passwd'), true],
    ];
    for (const [path, spec, runIt] of cases) {
      const v = await t.call('POST', '/api/validate', { spec_yaml: spec, project_id: p.id });
      expect(v.status, path).toBe(200);
      const errors = v.json().errors;
      expect(v.json().ok, path).toBe(false);
      // analyses sections may be refused by the schema first; otherwise the file check names the path
      if (errors[0].code === 'E_SPEC_FILE') expect(errors[0].path).toBe(path);
      clean(v, t, path);
      if (!runIt) continue; // runs are slow: run a few of the cases
      const cur = (await t.call('GET', `/api/projects/${p.id}`)).json();
      expect((await t.call('PUT', `/api/projects/${p.id}`, { version: cur.version, spec_yaml: spec })).status).toBe(200);
      const run = await t.call('POST', `/api/projects/${p.id}/runs`, {});
      expect(run.status).toBe(202);
      await t.s.runs.wait(p.id, run.json().run_id);
      const rec = await t.call('GET', `/api/projects/${p.id}/runs/${run.json().run_id}`);
      expect(rec.json().status, path).toBe('failed');
      clean(rec, t, path);
    }
    const geo = await t.call('POST', '/api/validate', { spec_yaml: SPEC.replace('outputs: {', 'outputs: { map: { geojson: /etc/passwd },'), project_id: p.id });
    expect(geo.json().errors[0]).toMatchObject({ code: 'E_SPEC_FILE', path: 'outputs.map.geojson' });
    expect(geo.json().errors[0].message).toMatch(/only the name of a file uploaded to this project/);
  });

  it('a run failing on ordinary bad data names the uploaded file, not the run directory on the server', async () => {
    const p = (await t.call('POST', '/api/projects', { name: 'bad data', spec_yaml: SPEC.replace(DEMO_CSV, 'bad.csv') })).json();
    const csv = 'province,year,x1\n北京,2020,1\n上海,2020,abc\n';
    expect((await t.upload(p.id, 'bad.csv', csv)).status).toBe(201);
    const run = (await t.call('POST', `/api/projects/${p.id}/runs`, {})).json();
    await t.s.runs.wait(p.id, run.run_id);
    const rec = await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}`);
    expect(rec.json().status).toBe('failed');
    expect(rec.json().error).toMatch(/bad\.csv/);
    expect(rec.json().error).not.toMatch(/runs\/|input\//);
    clean(rec, t, 'bad data');
    const list = await t.call('GET', `/api/projects/${p.id}/runs`);
    clean(list, t, 'run list');
  });

  it('the tokened URL redirects only to same-origin paths: //evil.example and /\\evil.example stay on the server', async () => {
    for (const path of ['//evil.example', '//evil.example/', '/%2F%2Fevil.example', '///evil.example', '/%5Cevil.example', '/a//evil.example', '/app/page']) {
      const r = await raw(t.s.port, 'GET', `${path}?token=${t.s.token}`);
      expect(r.status, path).toBe(303);
      const loc = String(r.headers.location);
      expect(loc.startsWith('/'), path).toBe(true);
      expect(loc.startsWith('//'), `${path} → ${loc}`).toBe(false);
      expect(loc.startsWith('/\\'), `${path} → ${loc}`).toBe(false);
      expect(loc).not.toContain(t.s.token);
    }
    expect((await raw(t.s.port, 'GET', `/app/page?token=${t.s.token}`)).headers.location).toBe('/app/page');
  });

  it('spec validation runs in a worker with limits: bombs, deep nesting, huge key counts and a NUL each get a named error, and /health answers after each', async () => {
    const base = 'data: { file: a.csv, unit: u }\nframework: { builtin: nqpf-three-factor }\n';
    let laughs = 'l0: &a0 [lol]\n';
    for (let i = 1; i < 12; i++)
      laughs += `l${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    let merge = '%YAML 1.1\n---\n' + base + 'm0: &m0 {x0: 1}\n';
    for (let i = 1; i < 40; i++) merge += `m${i}: &m${i} {<<: [*m${i - 1}], x${i}: *m${i - 1}, y${i}: *m${i - 1}}\n`;
    let keys = '';
    for (let i = 0; i < 60_000; i++) keys += `k${i}: 1\n`;
    const deep = (n: number) => `title: ${'['.repeat(n)}${']'.repeat(n)}\n${base}`;
    const cases: [string, string, RegExp][] = [
      ['billion laughs', base + laughs, /^too many aliases/],
      ['merge-key bomb', merge, /^too many aliases/],
      ['200 aliases of a scalar', `x: &a 1\ny: [${Array(200).fill('*a').join(', ')}]\n${base}`, /^Unrecognized keys: "x", "y"/],
      ['100k-deep flow sequence', deep(100_000), /^YAML nesting deeper than 64 levels/],
      ['300k-deep flow sequence', deep(300_000), /^YAML nesting deeper than 64 levels/],
      ['60k keys', base + keys, /^Unrecognized keys: "k0", "k1"/],
    ];
    for (const [name, spec, expected] of cases) {
      expect(JSON.stringify({ spec_yaml: spec }).length, name).toBeLessThan(2 * 1024 * 1024);
      const v = await t.call('POST', '/api/validate', { spec_yaml: spec });
      expect(v.status, name).toBe(200);
      expect(v.json().ok, name).toBe(false);
      expect(v.json().errors[0].message, name).toMatch(expected);
      expect(v.json().errors[0].code, name).not.toBe('E_INTERNAL');
      expect(v.text.length, name).toBeLessThan(5000);
      await health();
    }
    // a NUL in the title is an ordinary character
    const nul = await t.call('POST', '/api/validate', { spec_yaml: `title: "a\\0b\u0000c"\n${base}` });
    expect(nul.status).toBe(200);
    expect(nul.json()).toEqual({ ok: true, errors: [] });
    await health();
    // the same deep spec saved and run: a failed run, the server stays up
    const p = (await t.call('POST', '/api/projects', { name: 'deep', spec_yaml: deep(300_000) })).json();
    const run = (await t.call('POST', `/api/projects/${p.id}/runs`, {})).json();
    await t.s.runs.wait(p.id, run.run_id);
    const rec = (await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}`)).json();
    expect(rec.status).toBe('failed');
    expect(rec.error).toMatch(/E_SPEC_YAML|nesting deeper than 64/);
    await health();
  });

  it('minor request checks: duplicated Host → 400, a JSON body over 2 MB → 413, a BOM before JSON → 400, "100%.csv" downloads and deletes', async () => {
    const auth = { Authorization: `Bearer ${t.s.token}` };
    const dup = await new Promise<string>((ok, bad) => {
      const s = connect(t.s.port, '127.0.0.1', () =>
        s.write(
          `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${t.s.port}\r\nHost: evil.example\r\nAuthorization: Bearer ${t.s.token}\r\nConnection: close\r\n\r\n`,
        ),
      );
      let out = '';
      s.on('data', (c) => (out += c.toString()));
      s.on('end', () => ok(out));
      s.on('error', bad);
    });
    expect(dup).toMatch(/^HTTP\/1\.1 400/);
    const big = JSON.stringify({ name: 'x', spec_yaml: 'y'.repeat(2 * 1024 * 1024 + 10) });
    for (const ct of ['application/json', 'text/plain']) {
      const r = await t.call('POST', '/api/projects', big, { 'Content-Type': ct });
      expect(r.status, ct).toBe(413);
    }
    const bom = await raw(t.s.port, 'POST', '/api/projects', {
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"bom"}')]),
    });
    expect(bom.status).toBe(400);
    expect(bom.json().error.code).toBe('E_BAD_JSON');
    expect((await t.call('GET', '/api/projects')).json().some((x: { name: string }) => x.name === 'bom')).toBe(false);

    const p = (await t.call('POST', '/api/projects', { name: 'percent' })).json();
    expect((await t.upload(p.id, '100%.csv', 'u,x\nA,1\n')).status).toBe(201);
    const got = await t.call('GET', `/api/projects/${p.id}/files/${encodeURIComponent('100%.csv')}`);
    expect(got.status).toBe(200);
    expect(got.text).toBe('u,x\nA,1\n');
    for (const bad of ['100%252f.csv', '%252e%252e', 'a%2500.csv']) expect((await t.call('GET', `/api/projects/${p.id}/files/${bad}`)).status, bad).toBe(400);
    expect((await t.call('DELETE', `/api/projects/${p.id}/files/${encodeURIComponent('100%.csv')}`)).status).toBe(204);
    expect((await t.call('GET', `/api/projects/${p.id}`)).json().files).toEqual([]);
  });
});

describe('workbench run queue', () => {
  it('beyond maxConcurrent runs wait as "queued" (visible in the API) and run in turn; beyond the queue → 429 with a clear message', async () => {
    const t = await startTestServer({ limits: { runs: { maxConcurrent: 1, maxQueued: 2, workers: 1 } } });
    try {
      const demo = await readFile(join(DEMO_DIR, DEMO_CSV));
      const p = (await t.call('POST', '/api/projects', { name: 'queue', spec_yaml: SPEC })).json();
      await t.upload(p.id, DEMO_CSV, demo);
      // simultaneous requests: exactly 1 running + 2 queued accepted, the rest refused
      const rs = await Promise.all(Array.from({ length: 6 }, () => t.call('POST', `/api/projects/${p.id}/runs`, {})));
      const accepted = rs.filter((r) => r.status === 202);
      const refused = rs.filter((r) => r.status === 429);
      expect(accepted).toHaveLength(3);
      expect(refused).toHaveLength(3);
      for (const r of refused) {
        expect(r.json().error.code).toBe('E_BUSY');
        expect(r.json().error.message).toMatch(/too many runs: 1 running and 2 waiting/);
      }
      expect(t.s.runs.running()).toBeLessThanOrEqual(1);
      const ids = accepted.map((r) => r.json().run_id as string);
      // while the first runs, the others are listed as queued
      const listed = (await t.call('GET', `/api/projects/${p.id}/runs`)).json() as { run_id: string; status: string }[];
      expect(listed.filter((r) => r.status === 'queued').length).toBeGreaterThanOrEqual(1);
      for (const id of ids) await t.s.runs.wait(p.id, id);
      for (const id of ids) expect((await t.call('GET', `/api/projects/${p.id}/runs/${id}`)).json().status).toBe('succeeded');
      expect(t.s.runs.running()).toBe(0);
      expect((await t.call('POST', `/api/projects/${p.id}/runs`, {})).status).toBe(202);
    } finally {
      await t.stop();
    }
  });
});

describe('workbench connection limits', () => {
  it('headers timeout and connection cap are set; sockets beyond maxConnections are closed', async () => {
    const t = await startTestServer({ limits: { maxConnections: 4 } });
    const sockets: Socket[] = [];
    try {
      expect(t.s.server.headersTimeout).toBe(10_000);
      expect(t.s.server.requestTimeout).toBe(120_000);
      expect(t.s.server.maxConnections).toBe(4);
      // 4 slow-header sockets (headers never finished) hold every slot …
      for (let i = 0; i < 4; i++) {
        const s = connect(t.s.port, '127.0.0.1');
        await new Promise<void>((ok) => s.once('connect', () => ok()));
        s.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        sockets.push(s);
      }
      // … (the server has accepted them) …
      await expect.poll(async () => new Promise<number>((ok) => t.s.server.getConnections((_e, n) => ok(n))), { timeout: 120_000 }).toBe(4);
      // … so the next ones are closed by the server without an answer
      for (let i = 0; i < 3; i++) {
        const extra = connect(t.s.port, '127.0.0.1');
        const closed = await new Promise<string>((ok) => {
          let data = '';
          extra.on('data', (c) => (data += c.toString()));
          extra.on('error', () => ok('error'));
          extra.on('close', () => ok(data === '' ? 'closed' : data));
          extra.on('connect', () => extra.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${t.s.port}\r\nConnection: close\r\n\r\n`));
        });
        expect(['closed', 'error']).toContain(closed);
      }
      // freeing the slots lets a request through again
      for (const s of sockets) s.destroy();
      await expect.poll(async () => new Promise<number>((ok) => t.s.server.getConnections((_e, n) => ok(n))), { timeout: 120_000 }).toBe(0);
      expect((await t.call('GET', '/api/health')).status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
      await t.stop();
    }
  });
});

describe('workbench spec checks', () => {
  it('every string field of the schema that names a file is among the paths confined to the uploads', () => {
    // Walk the JSON Schema: a property named `file`, or described as relative to the spec (except outputs.dir, ignored by the workbench), must be checked.
    const schema = JSON.parse(specJsonSchemaText());
    const fileFields: string[] = [];
    const walk = (node: any, path: string[]) => {
      if (!node || typeof node !== 'object') return;
      if (node.properties) {
        for (const [k, v] of Object.entries<any>(node.properties)) {
          const desc = String(v?.description ?? '');
          if ((k === 'file' || /relative to the spec/i.test(desc)) && k !== 'dir' && v?.type !== 'object' && v?.type !== 'array')
            fileFields.push([...path, k].join('.'));
          walk(v, [...path, k]);
        }
      }
      for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(node[key])) for (const x of node[key]) walk(x, path);
    };
    walk(schema, []);
    const spec = parseSpec(
      'data: { file: a.csv, unit: u }\nunits: { file: b.csv }\nframework: { file: c.csv }\nanalyses: { weights: { file: d.gal } }\noutputs: { map: { geojson: e.geojson } }\n',
      { env: {} },
    );
    const checked = specFileRefs(spec).map(([p]) => p);
    expect(fileFields.length).toBeGreaterThanOrEqual(5);
    for (const f of fileFields) expect(checked, f).toContain(f);
  });

  it('a spec check over its time limit is stopped (422 E_TIMEOUT) and the server keeps answering', async () => {
    const t = await startTestServer({ limits: { runs: { specTimeoutMs: 1 } } });
    try {
      const r = await t.call('POST', '/api/validate', { spec_yaml: 'data: { file: a.csv, unit: u }\nframework: { builtin: nqpf-three-factor }\n' });
      expect(r.status).toBe(422);
      expect(r.json().error.code).toBe('E_TIMEOUT');
      expect((await t.call('GET', '/api/health')).status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});
