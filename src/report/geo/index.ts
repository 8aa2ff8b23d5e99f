/** Map geometry for the report (see docs/report.md for sources and licences). */
export * from './types.js';
export * from './compressed.js';
export * from './sources.js';
export * from './match.js';
export * from './cities.js';
