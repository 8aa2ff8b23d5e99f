/** The workbench back end: HTTP server, project store, runs, security checks. */
export { startServer, validateSpecText, DEFAULT_LIMITS, type RunningServer, type ServerLimits, type ServerOptions, type ValidateResult } from './app.js';
export { ProjectStore, type FileInfo, type Project, type ProjectSummary, type RunRecord, type RunStatus } from './store.js';
export { RunManager, checkSpecForProject, specFileRefs, DEFAULT_RUN_LIMITS, type RunEvent, type RunLimits } from './runs.js';
export { previewTable, type Preview, type PreviewColumn, type PreviewIssue } from './preview.js';
export { checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits, type ZipSummary } from './zip-guard.js';
export * from './security.js';
