/**
 * The report's browser script (inlined into report.html after echarts.min.js). Its source is
 * TypeScript: src/report/html/client/main.ts (state, selectors, tables) drawing every chart with
 * the chart layer's interactive builders (src/report/charts/view, titles from
 * src/report/charts/titles.ts, shared with the figures and the workbench). It is bundled at build
 * time by scripts/build-report-client.ts into the committed ./client.generated.ts, so building a
 * report needs no bundler at run time; test/report/client-bundle.test.ts fails when the committed
 * bundle is stale.
 */
export { CLIENT_JS } from './client.generated.js';
