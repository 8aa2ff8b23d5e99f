/**
 * The coupling coordination kernel now lives in its analysis folder (`./coupling/coupling.ts`);
 * this re-export keeps the report's import (`report/html/data.ts`, COORDINATION_CLASSES) working
 * until the report imports from the folder.
 */
export { COORDINATION_CLASSES, coordinationClass, coupling } from './coupling/coupling.js';
