/**
 * Writes the 337 city polygons of the built-in map (src/core/units/city-geometry.ts), decoded to
 * lon/lat degrees, as GeoJSON for contiguity.R (the same polygons nqpf's built-in contiguity uses).
 *
 *   npx tsx test/reference/cities/export.ts /tmp/nqpf-cities.geojson
 */
import { writeFileSync } from 'node:fs';
import { cityPolygons, cityTopology } from '../../../src/core/units/city-geometry.js';

const topo = cityTopology();
const features = topo.features
  .filter((f) => f.code !== '')
  .map((f) => ({ type: 'Feature', properties: { code: f.code }, geometry: { type: 'MultiPolygon', coordinates: cityPolygons(topo, f) } }));
writeFileSync(process.argv[2], JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`wrote ${features.length} features to ${process.argv[2]}`);
