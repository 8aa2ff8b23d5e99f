/**
 * An analysis that stops names its spec section (found by the fuzz test: "σ convergence: missing
 * values at 北京 (2019)" said neither where nor how to switch it), and convergence can use the
 * units present with `dropMissing: true`, saying so in its tables.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { parseCsvSimple } from '../helpers/shared.js';
import { catchNqpfAsync } from '../io/catch-nqpf.js';

const DATA = 'unit,year,a,b\nu1,2019,,4\nu2,2019,2,3\nu3,2019,3,1\nu1,2020,2,5\nu2,2020,3,2\nu3,2020,4,2\nu1,2021,3,5\nu2,2021,3,4\nu3,2021,5,3\n';

function spec(convergence: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-aerr-'));
  writeFileSync(join(dir, 'data.csv'), DATA);
  writeFileSync(
    join(dir, 'spec.yaml'),
    `data: { file: data.csv, unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: a, parent: I }
    - { code: b, parent: I }
steps: { aggregate: { method: arithmetic } }
analyses:
  score: a
  convergence: ${convergence}
outputs: { report: false, docx: false, xlsx: false, figures: none }
`,
  );
  return join(dir, 'spec.yaml');
}

describe('analysis errors name their section', () => {
  it('convergence on a score with a missing value stops with location analyses.convergence and a hint naming the spec fields', async () => {
    const e = await catchNqpfAsync(() => runProject(spec('{}'), { dryRun: true }));
    expect(e.location?.path).toBe('analyses.convergence');
    expect(e.message).toMatch(/^analyses\.convergence: σ convergence: missing values at u1 \(2019\)/);
    expect(e.hint).toContain('analyses.convergence.dropMissing');
  });

  it('dropMissing: true runs, with n and a note per period in convergence_sigma.csv', async () => {
    const s = spec('{ dropMissing: true }');
    const out = join(s, '..', 'out');
    await runProject(s, { out });
    const rows = parseCsvSimple(readFileSync(join(out, 'convergence_sigma.csv'), 'utf8'));
    const h = rows[0];
    const y2019 = rows.find((r) => r[h.indexOf('period')] === '2019')!;
    expect(y2019[h.indexOf('n')]).toBe('2');
    expect(y2019[h.indexOf('note')]).toContain('1 unit without a score left out');
  });
});
