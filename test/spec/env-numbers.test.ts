/**
 * Numbers and booleans given as `${VAR}` (issue 12): read as the number or boolean the variable
 * holds where the schema expects one; an error naming the field and the variable otherwise.
 */
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { parseSpec } from '../../src/spec/parse.js';

function specError(text: string, env: Record<string, string> = {}): NqpfError {
  try {
    parseSpec(text, { file: 's.yaml', env });
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('numbers and booleans given as ${VAR}', () => {
  const base = 'data: { file: d.csv, unit: u }\nframework: { builtin: nqpf-three-factor }\n';

  it('a number field given as ${VAR} is read as the number the variable holds', () => {
    const s = parseSpec(
      `${base}seed: \${SEED}\nsteps:\n  normalise: { range: ["\${LO:-0}", "\${HI}"] }\n  treat:\n    method: ` +
        `winsorise_quantile\n    quantiles:\n      - 0.01\n      - \${QHI}\n  screen: { unitThreshold: "\${UT:-0.5}" ` +
        `}\noutputs:\n  summaryTop: \${TOP}\n  xlsx: \${XLSX}\n`,
      { env: { SEED: '42', HI: '1', QHI: ' 0.99 ', TOP: '5', XLSX: 'false' } },
    );
    expect(s.seed).toBe(42);
    expect(s.steps.normalise.range).toEqual([0, 1]);
    expect(s.steps.treat.quantiles).toEqual([0.01, 0.99]);
    expect(s.steps.screen.unitThreshold).toBe(0.5);
    expect(s.outputs.summaryTop).toBe(5);
    expect(s.outputs.xlsx).toBe(false);
  });

  it('a text field keeps the text (a sheet called 2020 stays "2020")', () => {
    const s = parseSpec('data: { file: d.xlsx, sheet: "${SHEET}", unit: u }\nframework: { builtin: nqpf-three-factor }\ntitle: ${T}\n', {
      env: { SHEET: '2020', T: '12' },
    });
    expect(s.data.sheet).toBe('2020');
    expect(s.title).toBe('12');
  });

  it('a value that is not a number is an error naming the field, the reference and the variable', () => {
    const e = specError(`${base}seed: \${SEED}\n`, { SEED: 'abc' });
    expect(e.code).toBe('E_SPEC_ENV_VALUE');
    expect(e.location?.path).toBe('seed');
    expect(e.message).toBe('seed: ${SEED} gives "abc", which is not a number');
    expect(e.hint).toContain('set SEED to a number');
    const b = specError(`${base}outputs: { xlsx: "\${X}" }\n`, { X: 'yes' });
    expect(b.message).toBe('outputs.xlsx: ${X} gives "yes", which is not true or false');
  });

  it('an unset variable is an error naming the field; a number out of range names the reference', () => {
    const unset = specError(`${base}seed: \${SEED}\n`);
    expect(unset.code).toBe('E_SPEC_ENV');
    expect(unset.message).toContain('SEED is not set (used at seed)');
    const neg = specError(`${base}seed: \${SEED}\n`, { SEED: '-3' });
    expect(neg.code).toBe('E_SPEC');
    expect(neg.message).toContain('seed: Too small');
    expect(neg.message).toContain('(from ${SEED})');
  });

  it('a quoted number typed by hand is still refused (only ${VAR} values are read as numbers)', () => {
    expect(specError(`${base}seed: "42"\n`).code).toBe('E_SPEC');
  });
});
