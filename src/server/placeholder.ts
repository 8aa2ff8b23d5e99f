/**
 * The page served at `/` until the front end is built into `web/dist/`. Static, no script, no
 * external resources (it must pass the server's `default-src 'self'` policy).
 */
export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nqpf workbench</title>
</head>
<body>
<h1>nqpf workbench</h1>
<p>The workbench server is running. The web front end has not been built yet (<code>web/dist/</code> is missing).</p>
<p>服务已启动；前端尚未构建（缺少 <code>web/dist/</code>）。</p>
<p>The JSON API is under <code>/api/</code>; see <code>docs/workbench.md</code>.</p>
</body>
</html>
`;
