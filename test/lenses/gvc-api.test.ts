/** The value-chain lens through the public API (src/index.ts, issue 18): a two-country table from icioTable to KWW and WWZ; the dense pool is exported. */
import { describe, expect, it } from 'vitest';
import * as nqpf from '../../src/index.js';

describe('nqpf value-chain API', () => {
  it('icioTable → leontiefFactors → kww / wwz / upstreamness; the readers and names are exported', () => {
    const t = nqpf.icioTable({ countries: ['CHN', 'USA'], industries: ['D26'], Z: [10, 5, 4, 20], Y: [60, 25, 8, 63] });
    const f = nqpf.leontiefFactors(t);
    const k = nqpf.kww(t, f);
    expect(k.map((r) => r.exports)).toEqual([30, 12]);
    for (const r of k) expect(Math.abs(r.terms.reduce((a, b) => a + b, 0) - r.exports)).toBeLessThan(1e-12);
    const w = nqpf.wwz(t, f);
    expect(nqpf.wwzCheck(w).total).toBeLessThan(1e-12);
    expect(nqpf.upstreamnessFromFactors(t, f.lu).U.every((u) => u >= 1)).toBe(true);
    expect(nqpf.countryName('CHN', 'zh')).toBe('中国');
    expect(nqpf.industryName('D26', 'zh')).toBe('计算机、电子与光学设备');
    expect([typeof nqpf.readIcioLayout, typeof nqpf.readIcioCsv, typeof nqpf.valueChainTables, typeof nqpf.startDensePool]).toEqual([
      'function',
      'function',
      'function',
      'function',
    ]);
    expect([...nqpf.ICIO_FORMATS]).toEqual(['oecd', 'adb', 'wiod', 'generic']);
  });
});
