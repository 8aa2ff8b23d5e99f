/**
 * The workbench's spec-check workers (src/server/spec-workers.ts): a worker that answered is kept for the next
 * check and answers as the check itself (src/server/spec-check.ts); checks at the same time get workers of their own and one is kept;
 * after close() none is kept. (Time, heap and nesting limits: test/server/hardening.test.ts, through the API.)
 */
import { describe, expect, it } from 'vitest';
import { validateSpecText } from '../../src/server/spec-check.js';
import { SpecWorkers } from '../../src/server/spec-workers.js';

const SPEC = 'title: x\ndata: { file: a.csv, unit: u, period: p }\nframework: { builtin: nqpf-three-factor }\n';

describe('spec-check workers', () => {
  it('a worker that answered checks the next spec, with the answers of the check itself, validation errors included', async () => {
    const w = new SpecWorkers();
    try {
      expect(w.idleThreadId()).toBeUndefined();
      expect(await w.check(SPEC, ['a.csv'], 120_000)).toMatchObject({ ok: true, errors: [] });
      const kept = w.idleThreadId();
      expect(kept).toBeGreaterThan(0);
      // a missing uploaded file, a YAML error and an unknown key: answered by the same worker …
      const cases: [string, string[] | undefined][] = [
        [SPEC, ['b.csv']],
        ['title: [', undefined],
        [`${SPEC}colour: red\n`, undefined],
      ];
      for (const [text, files] of cases) {
        const answer = await w.check(text, files, 120_000);
        expect(answer.ok, text).toBe(false);
        expect(w.idleThreadId(), text).toBe(kept);
        // … as the check gives in this thread
        expect(answer).toEqual(validateSpecText(text, files));
      }
    } finally {
      await w.close();
    }
  });

  it('checks at the same time run in workers of their own; one is kept, none after close()', async () => {
    const w = new SpecWorkers();
    const answers = await Promise.all([1, 2, 3].map(() => w.check(SPEC, undefined, 120_000)));
    expect(answers.map((a) => a.ok)).toEqual([true, true, true]);
    expect(w.idleThreadId()).toBeGreaterThan(0);
    await w.close();
    expect(w.idleThreadId()).toBeUndefined();
    expect((await w.check(SPEC, undefined, 120_000)).ok).toBe(true);
    expect(w.idleThreadId()).toBeUndefined();
  });
});
