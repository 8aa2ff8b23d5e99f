import { describe, expect, it } from 'vitest';
import { reportGeoForRun, worldCountries } from '../../src/io/read/geo.js';
import type { RunBundle } from '../../src/report/bundle.js';

const bundle = { run: { nqpf: 'test', synthetic: false, seed: 1, spec: {}, inputs: [] }, tables: new Map() } as unknown as RunBundle;

describe('reportGeoForRun: the world map', () => {
  it("keeps the run's countries only, as the whole map's features, and hands out copies the next run cannot see changed", async () => {
    const units = ['DEU', 'FRA', 'CHN', '日本', 'not a country'];
    const a = await reportGeoForRun(bundle, units);
    expect(a.geo?.kind).toBe('world');
    const feats = a.geo!.features.features;
    const world = await worldCountries();
    const want = world.features.filter((f) => ['DEU', 'FRA', 'CHN', 'JPN'].includes(String(f.properties.iso_a3)));
    expect(want).toHaveLength(4);
    // the same features, in the map's order, equal to the map's own
    expect(feats).toEqual(want);
    // changing what a run was handed changes neither the map nor what the next run gets
    feats[0].properties.name = 'changed';
    feats[0].geometry.coordinates.length = 0;
    const b = await reportGeoForRun(bundle, units);
    expect(b.geo!.features.features).toEqual(want);
    expect((await worldCountries()).features).toEqual(world.features);
  });
});
