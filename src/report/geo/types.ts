/**
 * Map geometry for the report: plain GeoJSON (RFC 7946) feature collections with lon/lat
 * positions, plus what the report needs to say about where they came from.
 */

/** A position [lon, lat] in degrees. */
export type Position = [number, number];
/** A linear ring (first point repeated last, or not — both are accepted for display). */
export type Ring = Position[];

/** A polygonal GeoJSON geometry. */
export type MapGeometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** One map feature. `properties.name` is the region name ECharts shows and matches series data on. */
export interface MapFeature {
  type: 'Feature';
  id?: string | number;
  properties: { name: string; [k: string]: unknown };
  geometry: MapGeometry;
}

export interface MapFeatureCollection {
  type: 'FeatureCollection';
  features: MapFeature[];
}

/** Which geometry a report map uses. */
export type MapKind = 'china' | 'china-cities' | 'world' | 'custom';

/** A map ready for the report: the features plus their provenance (stated in the report). */
export interface ReportGeo {
  kind: MapKind;
  /**
   * Name the map is registered under in ECharts. `'china'` makes ECharts add its South China Sea
   * islands inset (南海诸岛) and its label fixes; other kinds use `'nqpf-world'` / `'nqpf-custom'`.
   */
  mapName: string;
  features: MapFeatureCollection;
  /** Where the geometry comes from (package + file, or the user's file). */
  source: string;
  /** Licence of the geometry. */
  licence: string;
  /** Feature property holding the unit name (user GeoJSON), used when the report matches units to features. */
  idProperty?: string;
  /** Lines ([lon, lat] points) drawn over the polygons: the province borders of the city map. */
  outlines?: [number, number][][];
}
