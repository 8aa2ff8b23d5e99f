/** Styles of report.html (inlined; system fonts with CJK fallbacks, no web fonts). */
export const REPORT_CSS = `
:root{--fg:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--accent:#2f6fb0;--warn:#b42318;--warnbg:#fef3f2}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;font:14px/1.55 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
header.top{background:#12355b;color:#fff;padding:18px 28px 14px}
header.top h1{margin:0 0 4px;font-size:22px;font-weight:600}
header.top .sub{color:#c7d6e8;font-size:13px}
.synthetic{background:var(--warn);color:#fff;font-weight:700;padding:10px 28px;font-size:15px;letter-spacing:.02em}
.synthetic small{display:block;font-weight:400;font-size:12px;opacity:.9}
.bar{position:sticky;top:0;z-index:10;background:#fff;border-bottom:1px solid var(--line);padding:8px 28px;display:flex;flex-wrap:wrap;gap:14px;align-items:center}
.bar label{color:var(--muted);font-size:13px;display:flex;align-items:center;gap:6px}
.bar select,.bar input[type=search],.ctl select{font:inherit;padding:3px 6px;border:1px solid var(--line);border-radius:4px;background:#fff;max-width:260px}
.bar input[type=range]{width:200px}
.bar .per{font-weight:600;min-width:3.5em;display:inline-block}
button{font:inherit;border:1px solid var(--accent);color:var(--accent);background:#fff;border-radius:4px;padding:3px 10px;cursor:pointer}
button:hover{background:#eaf2fb}
#lang-switch{margin-left:auto}
.layout{display:flex;align-items:flex-start}
nav.toc{position:sticky;top:52px;width:200px;flex:none;padding:16px 10px 16px 24px;font-size:13px;max-height:calc(100vh - 60px);overflow:auto}
nav.toc a{display:block;color:var(--muted);text-decoration:none;padding:3px 0}
nav.toc a:hover{color:var(--accent)}
main{flex:1;min-width:0;padding:8px 28px 40px 8px}
section{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:14px 18px 18px;margin:16px 0}
section h2{margin:0 0 10px;font-size:18px;color:#12355b}
section h3{margin:14px 0 6px;font-size:15px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:14px}
.chart{width:100%;height:380px;min-width:0}
.chart.tall{height:520px}
.chart.map{height:480px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:12px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px}
.card .v{font-size:22px;font-weight:600;color:#12355b}
.card .k{font-size:12px;color:var(--muted)}
.note{color:var(--muted);font-size:12.5px;margin:6px 0}
.warnbox{background:var(--warnbg);border:1px solid #fecdca;color:var(--warn);border-radius:4px;padding:6px 10px;margin:8px 0;font-size:13px}
.ctl{margin:4px 0 8px;display:flex;gap:14px;flex-wrap:wrap}
.ctl label{color:var(--muted);font-size:13px}
table.data{border-collapse:collapse;width:100%;font-size:13px}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;white-space:nowrap}
table.data td.n,table.data th.n{text-align:right;font-variant-numeric:tabular-nums}
table.data th{background:#f0f4f8;position:sticky;top:0}
table.data th.sort{cursor:pointer;user-select:none}
table.data th.sort:after{content:" \\2195";color:#9aa5b1}
table.data th.asc:after{content:" \\2191";color:var(--accent)}
table.data th.desc:after{content:" \\2193";color:var(--accent)}
.tablewrap{max-height:480px;overflow:auto;border:1px solid var(--line);border-radius:4px}
.methods p{margin:6px 0 10px;max-width:60em}
.methods ol{font-size:13px;color:var(--muted)}
pre.spec{background:#f0f4f8;padding:10px;border-radius:4px;max-height:420px;overflow:auto;font-size:12px}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.kv dt{color:var(--muted)}
dl.kv dd{margin:0;word-break:break-all}
code{font-size:12px}
footer{padding:16px 28px 30px;color:var(--muted);font-size:12px}
body.lang-zh [data-lang=en],body.lang-en [data-lang=zh]{display:none}
@media (max-width:900px){nav.toc{display:none}.grid{grid-template-columns:1fr}}
@media print{.bar,nav.toc{display:none}section{break-inside:avoid}}
`;
