/** The self-contained bilingual HTML report (see docs/report.md). */
export { buildReportHtml, cspHash, esc, jsonForScript, reportCsp, scriptSafe, type BuildReportOptions, type BuiltReport } from './template.js';
export { buildReportPayload, project, round6, DENSITY_POINTS, type MethodsText, type ReportPayload, type PayloadTable } from './data.js';
export { I18N, tr, type ReportLang, type I18nKey } from './i18n.js';
export { CLIENT_JS } from './client.js';
export { REPORT_CSS } from './styles.js';
