/**
 * A file the spec names through `${NQPF_SHARED…}` that is not there says that the example needs the
 * reference data ../shared, which nqpf does not ship (issue 12: every README command on a fresh
 * clone either runs or says why it cannot); another `${VAR}` names the reference as written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckedProject } from '../../src/app/check-project.js';
import { loadProject } from '../../src/io/read/load-project.js';
import { catchNqpfAsync } from './catch-nqpf.js';

const SPEC = (file: string, units = '') => `title: t
data: { file: "${file}", unit: unit, period: year }
${units}framework:
  nodes:
    - { code: I }
    - { code: a, parent: I }
`;

describe('loadProject: a missing file named through ${VAR}', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-missing-ref-'));
  const missing = join(dir, 'no-such-shared');

  it('data.file under ${NQPF_SHARED:-…} says the reference data are needed and not shipped', async () => {
    writeFileSync(join(dir, 'a.yaml'), SPEC('${NQPF_SHARED:-../../shared}/data/x.csv'));
    const e = await catchNqpfAsync(() => loadProject(join(dir, 'a.yaml'), { env: { NQPF_SHARED: missing } }));
    expect(e.code).toBe('E_FILE_NOT_FOUND');
    expect(e.message).toContain(`data file not found: ${missing}/data/x.csv`);
    expect(e.message).toContain('needs the reference data ../shared (NQPF_SHARED), which is not shipped with nqpf');
    expect(e.hint).toContain('data.file is ${NQPF_SHARED:-../../shared}/data/x.csv');
  });

  it('units.file under ${NQPF_SHARED} names units.file', async () => {
    writeFileSync(join(dir, 'u.csv'), 'unit,year,a\nu1,2020,1\nu2,2020,2\n');
    writeFileSync(join(dir, 'b.yaml'), SPEC('u.csv', 'units: { file: "${NQPF_SHARED}/regions.csv" }\n'));
    const e = await catchNqpfAsync(() => loadProject(join(dir, 'b.yaml'), { env: { NQPF_SHARED: missing } }));
    expect(e.message).toContain('needs the reference data');
    expect(e.hint).toMatch(/^units\.file is \$\{NQPF_SHARED\}\/regions\.csv/);
  });

  it('another variable: the reference as written; a literal path: the error as before', async () => {
    writeFileSync(join(dir, 'c.yaml'), SPEC('${MY_DATA}/x.csv'));
    const e = await catchNqpfAsync(() => loadProject(join(dir, 'c.yaml'), { env: { MY_DATA: missing } }));
    expect(e.message).toContain('data.file is ${MY_DATA}/x.csv');
    expect(e.message).not.toContain('reference data');
    expect(e.hint).toContain('${MY_DATA}');
    writeFileSync(join(dir, 'd.yaml'), SPEC('nothing.csv'));
    const f = await catchNqpfAsync(() => loadProject(join(dir, 'd.yaml')));
    expect(f.message).not.toContain('—');
    expect(f.hint).toContain('relative paths are resolved');
  });

  it('a missing analyses.weights.file is a problem `validate` reports (not only `run`, after computing)', async () => {
    writeFileSync(join(dir, 'w.csv'), 'unit,year,a\nu1,2020,1\nu2,2020,2\nu3,2020,4\n');
    const spec = `${SPEC('w.csv')}analyses:\n  weights: { file: "\${NQPF_SHARED:-../../shared}/adjacency.csv" }\n  spatial: {}\n`;
    writeFileSync(join(dir, 'e.yaml'), spec);
    const e = await catchNqpfAsync(() => loadCheckedProject(join(dir, 'e.yaml'), { env: { NQPF_SHARED: missing } }));
    expect(e.message).toContain(`spatial weights file not found: ${missing}/adjacency.csv`);
    expect(e.message).toContain('needs the reference data ../shared (NQPF_SHARED)');
  });
});
