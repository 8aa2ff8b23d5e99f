/**
 * `nqpf init [--framework NAME] <dir>`: scaffold nqpf.yaml, a data template with the
 * framework's indicator columns (31 provinces × years, empty cells to fill), the framework as
 * an editable table and a README. Refuses a non-empty directory.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../core/errors.js';
import { PROVINCES } from '../core/units/provinces.js';
import { getBuiltinFramework } from '../frameworks/index.js';
import { toCsv } from '../io/write/csv-write.js';

export async function initProject(dir: string, opts: { framework: string; years?: [number, number] }): Promise<string[]> {
  const fw = getBuiltinFramework(opts.framework, '--framework');
  let existing: string[] = [];
  try {
    existing = await readdir(dir);
  } catch {
    /* does not exist: fine */
  }
  if (existing.length) fail('E_INIT_EXISTS', `directory ${dir} is not empty`, { hint: 'choose a new directory name' });
  await mkdir(dir, { recursive: true });
  const [y0, y1] = opts.years ?? [2012, 2023];
  const indicators = fw.nodes.filter((n) => !fw.nodes.some((m) => m.parent === n.code));
  const header = ['province', 'year', ...indicators.map((n) => n.code)];
  const rows: (string | number | null)[][] = [];
  for (let y = y0; y <= y1; y++) for (const p of PROVINCES) rows.push([p.zh, y, ...indicators.map(() => null)]);
  await writeFile(join(dir, 'data.csv'), toCsv(header, rows));
  await writeFile(
    join(dir, 'framework.csv'),
    toCsv(
      ['code', 'parent', 'nameZh', 'nameEn', 'direction', 'weight', 'unit', 'definition', 'source'],
      fw.nodes.map((n) => [
        n.code,
        n.parent ?? '',
        n.nameZh ?? '',
        n.nameEn ?? '',
        n.direction ?? 1,
        n.weight ?? 1,
        n.unit ?? '',
        n.definition ?? '',
        n.source ?? '',
      ]),
    ),
  );
  const spec = `# nqpf spec — ${fw.nameZh} / ${fw.nameEn}
# JSON Schema: schema/nqpf.schema.json in the nqpf package (\`nqpf schema\`); every field documents its default.
title: ${fw.nameZh}测度
seed: 20240101
data:
  file: data.csv          # one row per province-year; fill the indicator columns
  unit: province
  period: year
units:
  registry: cn-provinces  # checks province names (北京/北京市/Beijing/110000 all match)
  aliases: {}             # e.g. {两藏: 西藏} for typos in your data
framework:
  file: framework.csv     # edit codes, parents, directions and weights here
steps:
  impute: { method: linear }                    # within province over years, constant at the ends
  normalise: { method: ${fw.normalise.method}, range: [${fw.normalise.range.join(', ')}], scope: ${fw.normalise.scope} }   # as the literature on this framework
  weight: { method: entropy, scope: global, pooling: pooled }
  aggregate:
    method: arithmetic
    alternatives:
      - { code: ${fw.nodes.find((n) => !n.parent)!.code}_topsis, node: ${fw.nodes.find((n) => !n.parent)!.code}, method: topsis, inputs: indicators, ideal: pooled }
outputs:
  language: zh
`;
  await writeFile(join(dir, 'nqpf.yaml'), spec);
  await writeFile(
    join(dir, 'README.md'),
    `# ${fw.nameZh} (${fw.nameEn})

Scaffolded by \`nqpf init --framework ${fw.id}\`.

1. Fill \`data.csv\`: one row per province and year, one column per indicator (definitions and
   usual sources in \`framework.csv\`). Leave unknown cells empty (or write NA / .. / —).
2. Check it: \`npx nqpf validate nqpf.yaml\`
3. Run it: \`npx nqpf run nqpf.yaml --out results\`

Edit \`nqpf.yaml\` to change methods (imputation, normalisation, weights, aggregation).
`,
  );
  return ['nqpf.yaml', 'data.csv', 'framework.csv', 'README.md'];
}
