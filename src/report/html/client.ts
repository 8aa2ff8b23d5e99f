/**
 * The report's browser script (inlined into report.html after echarts.min.js). It reads the
 * embedded JSON (#nqpf-data, #nqpf-i18n), fills the selectors, builds one ECharts option per
 * chart container (`data-chart`), and re-renders every chart, table and label when the score,
 * period, unit or language changes. Plain ES2017, no modules, no network.
 *
 * Kept as a string (not compiled TS) so what ships is exactly what is tested in the browser.
 * Written without template literals so it can live in a String.raw literal.
 */
export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('nqpf-data').textContent);
  var I = JSON.parse(document.getElementById('nqpf-i18n').textContent);
  var PAL = ['#2f6fb0', '#e07b39', '#3a9d5d', '#c23b3b', '#7d5ba6', '#8c6d31', '#d16ba5', '#5b8e9e', '#a0a0a0', '#b8a400'];
  var S = { lang: D.lang, score: D.main || D.scores[0], p: D.periods.length - 1, unit: null, densGroup: 'all', cond: 'all', sortCol: 'rank', sortDir: 1, query: '' };

  function t(k) { return I[k] ? I[k][S.lang] : k; }
  function nm(code) { var n = D.names[code]; return n ? n[S.lang] : code; }
  var unitById = {};
  D.units.forEach(function (u, i) { u.i = i; unitById[u.id] = u; });
  function un(id) { var u = unitById[id]; return u ? u[S.lang] : String(id); }
  var groupById = {};
  D.groups.forEach(function (g) { groupById[g.id] = g; });
  function gn(id) { if (id === 'all') return t('all'); var g = groupById[id]; return g ? g[S.lang] : String(id); }
  function per() { return D.periods[S.p]; }
  function fmt(x, d) { if (x === null || x === undefined || x === '' || isNaN(x)) return '—'; var a = Math.abs(x); if (d !== undefined) return Number(x).toFixed(d); return a !== 0 && (a < 0.001 || a >= 1e6) ? Number(x).toExponential(3) : String(Number(Number(x).toPrecision(4))); }
  function pct(x) { return x === null || x === undefined ? '—' : (x * 100).toFixed(1) + '%'; }
  // ---------- HTML escaping. ECharts inserts a tooltip formatter's return value as HTML (its default
  // formatter encodes names; ours must). Every tooltip formatter below builds its text with tip():
  // the lines are plain text, each escaped, joined with <br>. Canvas text (titles, axis labels,
  // legends, label formatters) is not HTML and is not escaped. Tables and selectors use textContent.
  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function escapeHtml(s) { return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
  function tip(lines) { return lines.filter(function (l) { return l !== null && l !== undefined && l !== false; }).map(escapeHtml).join('<br>'); }

  // ---------- tables
  function tab(name) {
    var T = D.tables[name];
    if (!T) return null;
    var ix = {};
    T.h.forEach(function (c, j) { ix[c] = j; });
    return { h: T.h, r: T.r, ix: ix, has: function (c) { return ix[c] !== undefined; }, get: function (row, c) { return ix[c] === undefined ? null : row[ix[c]]; } };
  }
  function rows(name, pred) { var T = tab(name); if (!T) return []; return T.r.filter(function (r) { return pred ? pred(r, T) : true; }); }
  function isMain(T, r) { return !T.has('score') || String(T.get(r, 'score')) === String(D.main); }
  function samePer(T, r) { return !T.has('period') || !D.hasPeriods || String(T.get(r, 'period')) === String(per()); }

  var R = tab('ranks');
  // values[code][p][u]
  var VAL = {}, RNK = {}, GRK = {};
  if (R) {
    var pIx = {};
    D.periods.forEach(function (p, k) { pIx[p] = k; });
    D.scores.forEach(function (c) {
      VAL[c] = D.periods.map(function () { return D.units.map(function () { return null; }); });
      RNK[c] = D.periods.map(function () { return D.units.map(function () { return null; }); });
      GRK[c] = D.periods.map(function () { return D.units.map(function () { return null; }); });
    });
    R.r.forEach(function (r) {
      var u = unitById[String(R.get(r, 'unit'))];
      var k = R.has('period') ? pIx[String(R.get(r, 'period'))] : 0;
      if (!u || k === undefined) return;
      D.scores.forEach(function (c) {
        VAL[c][k][u.i] = R.get(r, c);
        RNK[c][k][u.i] = R.get(r, c + '_rank');
        GRK[c][k][u.i] = R.get(r, c + '_group_rank');
      });
    });
  }
  function mean(a) { var s = 0, n = 0; a.forEach(function (v) { if (typeof v === 'number') { s += v; n++; } }); return n ? s / n : null; }
  function scoreRange(c) { var lo = Infinity, hi = -Infinity; (VAL[c] || []).forEach(function (row) { row.forEach(function (v) { if (typeof v === 'number') { if (v < lo) lo = v; if (v > hi) hi = v; } }); }); return lo <= hi ? [lo, hi] : [0, 1]; }
  if (R && D.units.length) {
    // default unit: rank 1 of the main score in the selected period
    var best = 0, br = Infinity;
    (RNK[S.score] ? RNK[S.score][S.p] : []).forEach(function (v, i) { if (typeof v === 'number' && v < br) { br = v; best = i; } });
    S.unit = D.units[best].id;
  }

  // ---------- common option parts
  function title(k, extra) { return { text: t(k) + (extra ? ' · ' + extra : ''), left: 'center', top: 4, textStyle: { fontSize: 14, fontWeight: 600 } }; }
  function grid(o) { var g = { left: 56, right: 24, top: 56, bottom: 40, containLabel: true }; for (var k in o) g[k] = o[k]; return g; }
  function perLabel() { return D.hasPeriods ? String(per()) : ''; }
  function mapSeriesData(valueOf) {
    var out = [];
    D.units.forEach(function (u) { if (!u.feature) return; var v = valueOf(u); out.push({ name: u.feature, value: v, unit: u.id }); });
    return out;
  }

  // ---------- chart builders: each returns an option or null (no data)
  var B = {};
  B.missing = function () {
    var M = D.overview.missing; if (!M) return null;
    var data = [], mx = 0;
    M.share.forEach(function (row, j) { row.forEach(function (v, k) { data.push([k, j, v === null ? '-' : v]); if (v > mx) mx = v; }); });
    return {
      title: title('c_missing'), tooltip: { formatter: function (p) { return tip([nm(M.indicators[p.value[1]]), (D.hasPeriods ? D.periods[p.value[0]] + ': ' : '') + pct(p.value[2])]); } },
      grid: grid({ left: 10, bottom: 70 }), xAxis: { type: 'category', data: D.hasPeriods ? D.periods : [t('all')] },
      yAxis: { type: 'category', inverse: true, data: M.indicators.map(nm), axisLabel: { width: 220, overflow: 'truncate', interval: 0, fontSize: M.indicators.length > 30 ? 8 : 10 } },
      visualMap: { min: 0, max: Math.max(mx, 0.01), calculable: true, precision: 3, orient: 'horizontal', left: 'center', bottom: 4, inRange: { color: ['#f7fbff', '#fdae6b', '#b42318'] }, formatter: function (v) { return pct(v); } },
      series: [{ type: 'heatmap', data: data, label: { show: false } }]
    };
  };
  function fwChildren(code) { return D.framework.filter(function (n) { return n.parent === code; }); }
  B.sunburst = function () {
    if (!D.root) return null;
    function node(n) {
      var ch = fwChildren(n.code);
      var o = { name: nm(n.code), code: n.code, w: n.global };
      if (ch.length) o.children = ch.map(node); else o.value = n.global !== null ? n.global : 0;
      return o;
    }
    var root = D.framework.filter(function (n) { return n.code === D.root; })[0];
    return {
      title: title('c_sunburst'),
      tooltip: { formatter: function (p) { return tip([p.name, t('global') + ': ' + fmt(p.data.w)]); } },
      series: [{ type: 'sunburst', data: fwChildren(root.code).map(node), radius: ['12%', '92%'], center: ['50%', '55%'], sort: null,
        label: { rotate: 'radial', fontSize: 10, minAngle: 6, overflow: 'truncate', width: 90 },
        levels: [{}, { r0: '12%', r: '38%', label: { rotate: 'tangential', fontSize: 11 } }, { r0: '38%', r: '62%' }, { r0: '62%', r: '92%', label: { fontSize: 9 } }] }]
    };
  };
  B.weights = function () {
    var ind = D.framework.filter(function (n) { return n.type === 'indicator' && n.global !== null; });
    if (!ind.length) return null;
    ind.sort(function (a, b) { return a.global - b.global; });
    var dimOf = {};
    function top(code) { var n = D.framework.filter(function (x) { return x.code === code; })[0]; while (n && n.parent && n.parent !== D.root) { var pc = n.parent; n = D.framework.filter(function (x) { return x.code === pc; })[0]; } return n ? n.code : code; }
    ind.forEach(function (n) { dimOf[n.code] = top(n.code); });
    var dims = D.dimensions;
    return {
      title: title('c_weights'), tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) { var n = ind[ps[0].dataIndex]; return tip([nm(n.code), t('global') + ': ' + fmt(n.global), t('nominal') + ': ' + fmt(n.nominal), n.method ? t('method') + ': ' + n.method : null]); } },
      grid: grid({ left: 10 }), xAxis: { type: 'value', name: t('global'), nameLocation: 'middle', nameGap: 26 }, yAxis: { type: 'category', data: ind.map(function (n) { return nm(n.code); }), axisLabel: { fontSize: 10, width: 200, overflow: 'truncate' } },
      series: [{ type: 'bar', data: ind.map(function (n) { var d = dims.indexOf(dimOf[n.code]); return { value: n.global, itemStyle: { color: PAL[(d < 0 ? 0 : d) % PAL.length] } }; }) }]
    };
  };
  B.map = function () {
    if (!D.map || !VAL[S.score]) return null;
    var rg = scoreRange(S.score), k = S.p;
    return {
      title: title('c_map', nm(S.score) + (D.hasPeriods ? ' · ' + perLabel() : '')),
      tooltip: { trigger: 'item', formatter: function (p) { var u = p.data && unitById[p.data.unit]; if (!u) return tip([p.name]); return tip([un(u.id), t('score') + ': ' + fmt(p.data.value), t('rank') + ': ' + fmt(RNK[S.score][k][u.i])]); } },
      visualMap: { min: rg[0], max: rg[1], left: 10, bottom: 10, calculable: true, formatter: function (v) { return fmt(v); }, inRange: { color: ['#eaf1f8', '#9cc2e5', '#2f6fb0', '#0b2e59'] } },
      series: [{ type: 'map', map: D.map.mapName, roam: false, top: 50, bottom: 10, left: 10, right: 10, emphasis: { label: { show: false }, itemStyle: { areaColor: '#f6c945' } }, select: { disabled: true },
        itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#e8e8e8' },
        data: mapSeriesData(function (u) { return VAL[S.score][k][u.i]; }) }]
    };
  };
  function leafAggregates() {
    var leaf = D.framework.filter(function (n) { return n.type !== 'indicator' && fwChildren(n.code).some(function (c) { return c.type === 'indicator'; }) && VAL[n.code]; });
    return leaf.length >= 3 ? leaf.map(function (n) { return n.code; }) : D.dimensions.filter(function (c) { return VAL[c]; });
  }
  B.profile = function () {
    if (!S.unit) return null;
    var axes = leafAggregates(); if (axes.length < 3) axes = D.subdimensions.filter(function (c) { return VAL[c]; });
    if (axes.length < 3) return null;
    var u = unitById[S.unit], k = S.p;
    var inGroup = D.units.filter(function (x) { return x.group === u.group; });
    var ser = [
      { name: un(u.id), value: axes.map(function (c) { return VAL[c][k][u.i]; }) },
      { name: t('mean'), value: axes.map(function (c) { return mean(VAL[c][k]); }) }
    ];
    if (u.group !== null) ser.push({ name: t('groupMean') + ' (' + gn(u.group) + ')', value: axes.map(function (c) { return mean(inGroup.map(function (x) { return VAL[c][k][x.i]; })); }) });
    return {
      title: title('c_profile', un(u.id) + (D.hasPeriods ? ' · ' + perLabel() : '')), color: PAL, tooltip: {}, legend: { bottom: 0, data: ser.map(function (s) { return s.name; }) },
      radar: { center: ['50%', '54%'], radius: '62%', indicator: axes.map(function (c) { return { name: nm(c), max: scoreRange(c)[1] }; }), axisName: { fontSize: 10, color: '#52606d' } },
      series: [{ type: 'radar', data: ser, areaStyle: { opacity: 0.08 } }]
    };
  };
  B.profileBars = function () {
    if (!S.unit) return null;
    var codes = D.subdimensions.filter(function (c) { return VAL[c]; });
    if (!codes.length) return null;
    var u = unitById[S.unit], k = S.p;
    return {
      title: title('c_profileBars', un(u.id)), color: PAL, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { bottom: 0, data: [un(u.id), t('mean')] },
      grid: grid({ left: 10, bottom: 56 }), xAxis: { type: 'value', name: t('score'), nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', inverse: true, data: codes.map(nm), axisLabel: { fontSize: 10, width: 150, overflow: 'truncate' } },
      series: [
        { name: un(u.id), type: 'bar', data: codes.map(function (c) { return VAL[c][k][u.i]; }), label: { show: true, position: 'right', fontSize: 9, formatter: function (p) { var r = RNK[codes[p.dataIndex]][k][u.i]; return r === null ? '' : '#' + r; } } },
        { name: t('mean'), type: 'bar', data: codes.map(function (c) { return mean(VAL[c][k]); }) }
      ]
    };
  };
  B.trendUnit = function () {
    if (!S.unit || !VAL[S.score]) return null;
    var u = unitById[S.unit];
    var ser = [{ name: un(u.id), type: 'line', data: VAL[S.score].map(function (row) { return row[u.i]; }), lineStyle: { width: 3 } },
      { name: t('mean'), type: 'line', data: VAL[S.score].map(function (row) { return mean(row); }), lineStyle: { type: 'dashed' } }];
    if (u.group !== null) { var inG = D.units.filter(function (x) { return x.group === u.group; }); ser.push({ name: t('groupMean') + ' (' + gn(u.group) + ')', type: 'line', data: VAL[S.score].map(function (row) { return mean(inG.map(function (x) { return row[x.i]; })); }), lineStyle: { type: 'dotted' } }); }
    return { title: title('c_trendUnit', un(u.id) + ' · ' + nm(S.score)), color: PAL, tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v); } }, legend: { bottom: 0 }, grid: grid({ bottom: 40 }), xAxis: { type: 'category', data: D.periods }, yAxis: { type: 'value', scale: true }, series: ser };
  };
  B.trendGroup = function () {
    if (!VAL[S.score]) return null;
    var ser = D.groups.map(function (g) { var inG = D.units.filter(function (x) { return x.group === g.id; }); return { name: gn(g.id), type: 'line', data: VAL[S.score].map(function (row) { return mean(inG.map(function (x) { return row[x.i]; })); }) }; });
    ser.push({ name: t('all'), type: 'line', data: VAL[S.score].map(function (row) { return mean(row); }), lineStyle: { type: 'dashed', width: 3 } });
    return { title: title('c_trendGroup', nm(S.score)), color: PAL, tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v); } }, legend: { bottom: 0 }, grid: grid({ bottom: 40 }), xAxis: { type: 'category', data: D.periods }, yAxis: { type: 'value', scale: true }, series: ser };
  };
  function ineqRows() { var T = tab('inequality'); return { T: T, r: rows('inequality', function (r, T) { return isMain(T, r); }) }; }
  function xPeriods(T, rs) { return rs.map(function (r) { return D.hasPeriods ? String(T.get(r, 'period')) : t('all'); }); }
  B.gini = function () {
    var q = ineqRows(); if (!q.r.length) return null;
    var cols = [['gini', 'Gini'], ['cv', 'CV'], ['theil_T', 'Theil T'], ['theil_L', 'Theil L']].filter(function (c) { return q.T.has(c[0]); });
    return { title: title('c_gini', nm(D.main)), color: PAL, tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v); } }, legend: { bottom: 0 }, grid: grid({ bottom: 40 }),
      xAxis: { type: 'category', data: xPeriods(q.T, q.r) }, yAxis: { type: 'value' },
      series: cols.map(function (c) { return { name: c[1], type: q.r.length > 1 ? 'line' : 'bar', data: q.r.map(function (r) { return q.T.get(r, c[0]); }) }; }) };
  };
  B.dagumShares = function () {
    var q = ineqRows(); if (!q.r.length || !q.T.has('share_Gw')) return null;
    var parts = [['share_Gw', 'within'], ['share_Gnb', 'between'], ['share_Gt', 'transvariation']];
    return { title: title('c_dagumShares', nm(D.main)), color: PAL, tooltip: { trigger: 'axis', valueFormatter: function (v) { return pct(v); } }, legend: { bottom: 0 }, grid: grid({ bottom: 40 }),
      xAxis: { type: 'category', data: xPeriods(q.T, q.r) }, yAxis: { type: 'value', max: 1, axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + '%'; } } },
      series: parts.map(function (p) { return { name: t(p[1]), type: 'bar', stack: 's', data: q.r.map(function (r) { return q.T.get(r, p[0]); }) }; }) };
  };
  B.dagumPairs = function () {
    var T = tab('dagum_groups'); if (!T) return null;
    var rs = rows('dagum_groups', function (r, T) { return isMain(T, r) && samePer(T, r); });
    if (!rs.length) return null;
    var gs = [];
    rs.forEach(function (r) { [T.get(r, 'group_j'), T.get(r, 'group_h')].forEach(function (g) { if (gs.indexOf(g) < 0) gs.push(g); }); });
    var data = [], mx = 0;
    rs.forEach(function (r) { var j = gs.indexOf(T.get(r, 'group_j')), h = gs.indexOf(T.get(r, 'group_h')), v = T.get(r, 'G_jh'); if (v > mx) mx = v; data.push([j, h, v]); if (j !== h) data.push([h, j, v]); });
    return { title: title('c_dagumPairs', perLabel()), tooltip: { formatter: function (p) { return tip([gn(gs[p.value[0]]) + ' × ' + gn(gs[p.value[1]]) + ': ' + fmt(p.value[2])]); } }, grid: grid({ bottom: 70 }),
      xAxis: { type: 'category', data: gs.map(gn) }, yAxis: { type: 'category', data: gs.map(gn) },
      visualMap: { min: 0, max: mx || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 4, formatter: function (v) { return fmt(v, 3); }, inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
      series: [{ type: 'heatmap', data: data, label: { show: true, formatter: function (p) { return fmt(p.value[2], 3); }, fontSize: 10 } }] };
  };
  B.theil = function () {
    var q = ineqRows(); if (!q.r.length || !q.T.has('theil_T')) return null;
    return { title: title('c_theil', nm(D.main)), color: PAL, tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v); } }, legend: { bottom: 0 }, grid: grid({ bottom: 40, right: 50 }),
      xAxis: { type: 'category', data: xPeriods(q.T, q.r) }, yAxis: [{ type: 'value', name: 'T' }, { type: 'value', name: t('betweenShare'), max: 1, axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + '%'; } } }],
      series: [{ name: 'T ' + t('within'), type: 'bar', stack: 'T', data: q.r.map(function (r) { return q.T.get(r, 'theil_T_within'); }) },
        { name: 'T ' + t('between'), type: 'bar', stack: 'T', data: q.r.map(function (r) { return q.T.get(r, 'theil_T_between'); }) },
        { name: t('betweenShare'), type: 'line', yAxisIndex: 1, data: q.r.map(function (r) { return q.T.get(r, 'theil_T_between_share'); }) }] };
  };
  function densOf() { return D.density ? (D.density[D.main] || D.density[Object.keys(D.density)[0]]) : null; }
  B.density = function () {
    var d = densOf(); if (!d) return null;
    var cs = d.curves.filter(function (c) { return c.group === S.densGroup; });
    var n = cs.length;
    return { title: title('c_density', gn(S.densGroup)), tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v); } }, legend: { type: 'scroll', bottom: 0 }, grid: grid({ bottom: 60 }),
      xAxis: { type: 'value', name: t('score'), nameLocation: 'middle', nameGap: 24, min: d.x[0], max: d.x[d.x.length - 1], axisLabel: { formatter: function (v) { return fmt(v); } } }, yAxis: { type: 'value', name: t('density') },
      series: cs.map(function (c, i) { var f = n > 1 ? i / (n - 1) : 1; return { name: D.hasPeriods ? String(c.period) : t('all'), type: 'line', showSymbol: false, smooth: false, lineStyle: { width: c.period === per() ? 3 : 1.3 },
        color: 'rgb(' + Math.round(160 - 130 * f) + ',' + Math.round(190 - 110 * f) + ',' + Math.round(230 - 80 * f) + ')', data: c.y.map(function (y, j) { return [d.x[j], y]; }) }; }) };
  };
  B.densitySurface = function () {
    var d = densOf(); if (!d) return null;
    var cs = d.curves.filter(function (c) { return c.group === S.densGroup; });
    var data = [], mx = 0;
    cs.forEach(function (c, i) { c.y.forEach(function (y, j) { data.push([i, j, y]); if (y > mx) mx = y; }); });
    return { title: title('c_densitySurface', gn(S.densGroup)), tooltip: { formatter: function (p) { return tip([cs[p.value[0]].period + ' · ' + fmt(d.x[p.value[1]]) + ': ' + fmt(p.value[2])]); } }, grid: grid({ bottom: 70 }),
      xAxis: { type: 'category', data: cs.map(function (c) { return D.hasPeriods ? String(c.period) : t('all'); }) },
      yAxis: { type: 'category', data: d.x.map(function (x) { return fmt(x); }), name: t('score') },
      visualMap: { min: 0, max: mx || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 4, formatter: function (v) { return fmt(v, 2); }, inRange: { color: ['#ffffff', '#fdd49e', '#fc8d59', '#b30000'] } },
      series: [{ type: 'heatmap', data: data, progressive: 0 }] };
  };
  B.markov = function () {
    var T = tab('markov_transitions'); if (!T) return null;
    var rs = rows('markov_transitions', function (r, T) { return isMain(T, r) && String(T.get(r, 'condition')) === S.cond; });
    if (!rs.length) return null;
    var ks = [];
    rs.forEach(function (r) { var a = T.get(r, 'from_class'); if (ks.indexOf(a) < 0) ks.push(a); });
    var data = rs.map(function (r) { var p = T.get(r, 'probability'); return [ks.indexOf(T.get(r, 'to_class')), ks.indexOf(T.get(r, 'from_class')), p === null ? '-' : p, T.get(r, 'count')]; });
    return { title: title('c_markov', condLabel(S.cond)), tooltip: { formatter: function (p) { return tip([t('from') + ' ' + ks[p.value[1]] + ' → ' + t('to') + ' ' + ks[p.value[0]] + ': ' + fmt(p.value[2], 3) + ' (n = ' + p.value[3] + ')']); } },
      grid: grid({ bottom: 80 }), xAxis: { type: 'category', data: ks.map(String), name: t('to'), nameLocation: 'middle', nameGap: 24 }, yAxis: { type: 'category', data: ks.map(String), inverse: true, name: t('from'), nameLocation: 'middle', nameGap: 28 },
      visualMap: { min: 0, max: 1, calculable: true, orient: 'horizontal', right: 10, bottom: 0, itemHeight: 120, formatter: function (v) { return fmt(v, 2); }, inRange: { color: ['#f7fcf5', '#74c476', '#00441b'] } },
      series: [{ type: 'heatmap', data: data, label: { show: true, formatter: function (p) { return p.value[2] === '-' ? '' : fmt(p.value[2], 3); } } }] };
  };
  function condLabel(c) { if (c === 'all') return t('cond_all'); var m = /^lag class (.+)$/.exec(c); return m ? t('cond_lag') + ' ' + m[1] : c; }
  B.moran = function () {
    var T = tab('spatial_global'); if (!T) return null;
    var rs = rows('spatial_global', function (r, T) { return isMain(T, r) && T.get(r, 'statistic') === 'moran'; });
    if (!rs.length) return null;
    function pv(r) { var p = T.get(r, 'p_permutation'); return p === null ? T.get(r, 'p_randomisation') : p; }
    return { title: title('c_moran', nm(D.main)), color: PAL, tooltip: { trigger: 'axis', formatter: function (ps) { var r = rs[ps[0].dataIndex]; return tip([ps[0].axisValue, "Moran's I: " + fmt(T.get(r, 'value')), 'E[I]: ' + fmt(T.get(r, 'expectation')), 'z: ' + fmt(T.get(r, 'z_randomisation')), t('pValue') + ': ' + fmt(pv(r))]); } },
      grid: grid({}), xAxis: { type: 'category', data: xPeriods(T, rs) }, yAxis: { type: 'value', name: "Moran's I" },
      series: [{ name: "Moran's I", type: 'line', symbolSize: 9, data: rs.map(function (r) { var p = pv(r); return { value: T.get(r, 'value'), itemStyle: { color: p !== null && p <= 0.05 ? '#c23b3b' : '#9aa5b1' } }; }), label: { show: true, formatter: function (p) { var v = pv(rs[p.dataIndex]); return v === null ? '' : (v <= 0.01 ? '***' : v <= 0.05 ? '**' : v <= 0.1 ? '*' : ''); } } },
        { name: 'E[I]', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: rs.map(function (r) { return T.get(r, 'expectation'); }) }] };
  };
  var QCOL = { HH: '#c23b3b', LL: '#2f6fb0', HL: '#f4a582', LH: '#92c5de', ns: '#d9d9d9' };
  B.moranScatter = function () {
    var T = tab('spatial_local'); if (!T) return null;
    var rs = rows('spatial_local', function (r, T) { return isMain(T, r) && samePer(T, r); });
    if (!rs.length) return null;
    var qs = ['HH', 'LH', 'LL', 'HL'];
    var I = rows('spatial_global', function (r, G) { return isMain(G, r) && samePer(G, r) && G.get(r, 'statistic') === 'moran'; })[0];
    var slope = I ? tab('spatial_global').get(I, 'value') : null;
    var xs = rs.map(function (r) { return T.get(r, 'z'); }), xmin = Math.min.apply(null, xs), xmax = Math.max.apply(null, xs);
    var ser = qs.map(function (q) { return { name: q, type: 'scatter', symbolSize: 9, itemStyle: { color: QCOL[q] }, data: rs.filter(function (r) { return T.get(r, 'quadrant') === q; }).map(function (r) { return { value: [T.get(r, 'z'), T.get(r, 'lag_z')], unit: T.get(r, 'unit'), cl: T.get(r, 'cluster') }; }) }; });
    if (slope !== null) ser.push({ name: "I = " + fmt(slope), type: 'line', showSymbol: false, lineStyle: { color: '#555', type: 'dashed' }, data: [[xmin, slope * xmin], [xmax, slope * xmax]], tooltip: { show: false } });
    return { title: title('c_moranScatter', perLabel()), tooltip: { formatter: function (p) { return p.data && p.data.unit ? tip([un(p.data.unit) + ' (' + p.seriesName + (p.data.cl && p.data.cl !== 'ns' ? ', p ≤ α' : '') + ')', 'z = ' + fmt(p.value[0]) + ', Wz = ' + fmt(p.value[1])]) : ''; } },
      legend: { bottom: 0 }, grid: grid({ bottom: 40 }), xAxis: { type: 'value', name: t('zValue'), nameLocation: 'center', nameGap: 24 }, yAxis: { type: 'value', name: t('lagZ') }, series: ser.map(function (s, i) { if (i === 0) s.markLine = { silent: true, symbol: 'none', lineStyle: { color: '#aaa' }, label: { show: false }, data: [{ xAxis: 0 }, { yAxis: 0 }] }; return s; }) };
  };
  B.lisa = function () {
    var T = tab('spatial_local'); if (!T || !D.map) return null;
    var cats = ['HH', 'LL', 'HL', 'LH', 'ns'], cl = {};
    rows('spatial_local', function (r, T) { return isMain(T, r) && samePer(T, r); }).forEach(function (r) { cl[String(T.get(r, 'unit'))] = T.get(r, 'cluster'); });
    return { title: title('c_lisa', perLabel()), tooltip: { formatter: function (p) { return tip([p.data && p.data.unit !== undefined ? un(p.data.unit) + ': ' + (p.data.cl === 'ns' ? t('ns') : p.data.cl) : p.name]); } },
      visualMap: { type: 'piecewise', left: 10, bottom: 10, dimension: 0, pieces: cats.map(function (c, i) { return { value: i, label: c === 'ns' ? t('ns') : c, color: QCOL[c] }; }) },
      series: [{ type: 'map', map: D.map.mapName, top: 50, bottom: 10, left: 10, right: 10, select: { disabled: true }, itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#f3f3f3' },
        data: D.units.filter(function (u) { return u.feature && cl[u.id] !== undefined && cl[u.id] !== null; }).map(function (u) { return { name: u.feature, value: cats.indexOf(cl[u.id]), unit: u.id, cl: cl[u.id] }; }) }] };
  };
  B.sigma = function () {
    var T = tab('convergence_sigma'); if (!T) return null;
    var rs = rows('convergence_sigma', function (r, T) { return isMain(T, r); });
    return { title: title('c_sigma', nm(D.main)), color: PAL, tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v); } }, legend: { bottom: 0 }, grid: grid({ bottom: 40, right: 50 }),
      xAxis: { type: 'category', data: xPeriods(T, rs) }, yAxis: [{ type: 'value', name: 'sd', scale: true }, { type: 'value', name: 'CV', scale: true }],
      series: [{ name: 'sd', type: 'line', data: rs.map(function (r) { return T.get(r, 'sd'); }) }, { name: 'CV', type: 'line', yAxisIndex: 1, data: rs.map(function (r) { return T.get(r, 'cv'); }) }].concat(T.has('sd_log') ? [{ name: 'sd(ln x)', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, data: rs.map(function (r) { return T.get(r, 'sd_log'); }) }] : []) };
  };
  B.obstacleUnit = function () {
    var T = tab('obstacle_indicators'); if (!T || !S.unit) return null;
    var r = rows('obstacle_indicators', function (r, T) { return String(T.get(r, 'unit')) === S.unit && samePer(T, r); })[0];
    if (!r) return null;
    var inds = T.h.filter(function (c) { return c !== 'unit' && c !== 'period' && c !== 'note'; });
    var vs = inds.map(function (c) { return [c, T.get(r, c)]; }).filter(function (x) { return typeof x[1] === 'number'; }).sort(function (a, b) { return b[1] - a[1]; }).slice(0, 10);
    return { title: title('c_obstacleUnit', un(S.unit) + (D.hasPeriods ? ' · ' + perLabel() : '')), tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: function (v) { return pct(v); } },
      grid: grid({ left: 10, bottom: 56 }), xAxis: { type: 'value', name: t('obstacle'), nameLocation: 'middle', nameGap: 24, axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + '%'; } } },
      yAxis: { type: 'category', inverse: true, data: vs.map(function (x) { return nm(x[0]); }), axisLabel: { fontSize: 10, width: 180, overflow: 'truncate' } },
      series: [{ type: 'bar', itemStyle: { color: '#c23b3b' }, data: vs.map(function (x) { return x[1]; }), label: { show: true, position: 'right', fontSize: 9, formatter: function (p) { return pct(p.value); } } }] };
  };
  B.obstacleMean = function () {
    var T = tab('obstacle_dimensions'); if (!T) return null;
    var dims = T.h.filter(function (c) { return c !== 'unit' && c !== 'period' && c !== 'note'; });
    var ps = D.hasPeriods ? D.periods : [''];
    var ser = dims.map(function (c) { return { name: nm(c), type: 'bar', stack: 'o', data: ps.map(function (p) { return mean(rows('obstacle_dimensions', function (r, T) { return !D.hasPeriods || String(T.get(r, 'period')) === String(p); }).map(function (r) { return T.get(r, c); })); }) }; });
    return { title: title('c_obstacleMean'), color: PAL, tooltip: { trigger: 'axis', valueFormatter: function (v) { return pct(v); } }, legend: { bottom: 0 }, grid: grid({ bottom: 40 }),
      xAxis: { type: 'category', data: D.hasPeriods ? ps : [t('all')] }, yAxis: { type: 'value', max: 1, axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + '%'; } } }, series: ser };
  };
  var CCOL = ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'];
  function classLabel(k) { var c = D.couplingClasses && D.couplingClasses[String(k)]; return c ? c[S.lang] : String(k); }
  B.couplingMap = function () {
    var T = tab('coupling'); if (!T || !D.map) return null;
    var by = {};
    rows('coupling', function (r, T) { return samePer(T, r); }).forEach(function (r) { by[String(T.get(r, 'unit'))] = r; });
    return { title: title('c_couplingMap', perLabel()), tooltip: { formatter: function (p) { return p.data && p.data.unit !== undefined ? tip([un(p.data.unit), 'D = ' + fmt(p.data.D), t('couplingClass') + ': ' + p.data.value + ' ' + classLabel(p.data.value)]) : tip([p.name]); } },
      visualMap: { type: 'piecewise', left: 10, bottom: 10, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 10 }, pieces: CCOL.map(function (c, i) { return { value: i + 1, label: (i + 1) + ' ' + classLabel(i + 1), color: c }; }).reverse() },
      series: [{ type: 'map', map: D.map.mapName, top: 50, bottom: 10, left: 10, right: 10, select: { disabled: true }, itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#f3f3f3' },
        data: D.units.filter(function (u) { return u.feature && by[u.id] && T.get(by[u.id], 'class') !== null; }).map(function (u) { return { name: u.feature, value: T.get(by[u.id], 'class'), unit: u.id, D: T.get(by[u.id], 'D') }; }) }] };
  };
  B.couplingTrend = function () {
    var T = tab('coupling'); if (!T) return null;
    var ps = D.hasPeriods ? D.periods : [''];
    function m(pred) { return ps.map(function (p) { return mean(rows('coupling', function (r, T) { return (!D.hasPeriods || String(T.get(r, 'period')) === String(p)) && pred(String(T.get(r, 'unit'))); }).map(function (r) { return T.get(r, 'D'); })); }); }
    var ser = D.groups.map(function (g) { return { name: gn(g.id), type: 'line', data: m(function (u) { return unitById[u] && unitById[u].group === g.id; }) }; });
    ser.push({ name: t('all'), type: 'line', lineStyle: { type: 'dashed', width: 3 }, data: m(function () { return true; }) });
    return { title: title('c_couplingTrend'), color: PAL, tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt(v); } }, legend: { bottom: 0 }, grid: grid({ bottom: 40 }),
      xAxis: { type: 'category', data: D.hasPeriods ? ps : [t('all')] }, yAxis: { type: 'value', name: 'D', scale: true }, series: ser };
  };
  B.rankInterval = function () {
    var T = tab('uncertainty'); if (!T) return null;
    var rs = rows('uncertainty', function (r, T) { return isMain(T, r) && samePer(T, r); });
    if (!rs.length) rs = rows('uncertainty', function (r, T) { return samePer(T, r); });
    if (!rs.length) return null;
    rs = rs.slice().sort(function (a, b) { return T.get(a, 'nominal_rank') - T.get(b, 'nominal_rank'); });
    var names = rs.map(function (r) { return un(String(T.get(r, 'unit'))); });
    return { title: title('c_rankInterval', nm(String(T.get(rs[0], 'score'))) + (D.hasPeriods ? ' · ' + perLabel() : '')), color: PAL,
      tooltip: { trigger: 'axis', formatter: function (ps) { var r = rs[ps[0].dataIndex]; return tip([names[ps[0].dataIndex], t('nominalRank') + ': ' + T.get(r, 'nominal_rank'), t('medianRank') + ': ' + fmt(T.get(r, 'median_rank')), t('interval') + ': ' + T.get(r, 'p05_rank') + '–' + T.get(r, 'p95_rank')]); } },
      legend: { bottom: 0, data: [t('interval'), t('nominalRank'), t('medianRank')] }, grid: grid({ left: 10, bottom: 60 }),
      yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: rs.length > 40 ? 8 : 10, interval: 0 } }, xAxis: { type: 'value', name: t('rank'), nameLocation: 'middle', nameGap: 22, min: 1, max: rs.length },
      series: [
        { name: 'base', type: 'bar', stack: 'iv', silent: true, itemStyle: { color: 'transparent' }, data: rs.map(function (r) { return T.get(r, 'p05_rank'); }), tooltip: { show: false } },
        { name: t('interval'), type: 'bar', stack: 'iv', barWidth: '45%', itemStyle: { color: '#9cc2e5' }, data: rs.map(function (r) { return T.get(r, 'p95_rank') - T.get(r, 'p05_rank'); }) },
        { name: t('nominalRank'), type: 'scatter', symbolSize: 7, itemStyle: { color: '#c23b3b' }, data: rs.map(function (r) { return T.get(r, 'nominal_rank'); }) },
        { name: t('medianRank'), type: 'scatter', symbol: 'diamond', symbolSize: 7, itemStyle: { color: '#12355b' }, data: rs.map(function (r) { return T.get(r, 'median_rank'); }) }
      ] };
  };
  B.sobol = function () {
    var T = tab('sensitivity'); if (!T) return null;
    var ov = rows('sensitivity', function (r, T) { return T.get(r, 'target') !== 'unit_rank'; });
    var ur = rows('sensitivity', function (r, T) { return T.get(r, 'target') === 'unit_rank' && String(T.get(r, 'unit')) === String(S.unit); });
    var factors = [];
    ov.concat(ur).forEach(function (r) { var f = T.get(r, 'factor'); if (factors.indexOf(f) < 0) factors.push(f); });
    function ser(rs, key, name, color) { return { name: name, type: 'bar', itemStyle: { color: color }, data: factors.map(function (f) { var r = rs.filter(function (x) { return T.get(x, 'factor') === f; })[0]; return r ? { value: T.get(r, key), lo: T.get(r, key + '_lo'), hi: T.get(r, key + '_hi') } : null; }) }; }
    var ss = [ser(ov, 'S1', t('firstOrder') + ' · ' + t('overallTarget'), '#9cc2e5'), ser(ov, 'ST', t('totalOrder') + ' · ' + t('overallTarget'), '#2f6fb0')];
    if (ur.length) { ss.push(ser(ur, 'S1', t('firstOrder') + ' · ' + un(S.unit), '#fdae6b')); ss.push(ser(ur, 'ST', t('totalOrder') + ' · ' + un(S.unit), '#e07b39')); }
    return { title: title('c_sobol'), tooltip: { trigger: 'item', formatter: function (p) { return tip([p.seriesName, p.name + ': ' + fmt(p.value) + (p.data && p.data.lo !== null && p.data.lo !== undefined ? ' [' + fmt(p.data.lo) + ', ' + fmt(p.data.hi) + ']' : '')]); } },
      legend: { bottom: 0, textStyle: { fontSize: 10 } }, grid: grid({ bottom: 60 }), xAxis: { type: 'category', data: factors }, yAxis: { type: 'value' }, series: ss };
  };
  B.loo = function () {
    var T = tab('leave_one_out'); if (!T) return null;
    var rs = T.r.slice().sort(function (a, b) { return T.get(b, 'mean_abs_rank_shift') - T.get(a, 'mean_abs_rank_shift'); });
    return { title: title('c_loo'), color: ['#2f6fb0', '#e07b39'], tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) { var r = rs[ps[0].dataIndex]; return tip([nm(String(T.get(r, 'indicator_removed'))), t('meanShift') + ': ' + fmt(T.get(r, 'mean_abs_rank_shift')), t('maxShift') + ': ' + fmt(T.get(r, 'max_abs_rank_shift')), 'Spearman: ' + fmt(T.get(r, 'spearman')), T.get(r, 'largest_changes') ? String(T.get(r, 'largest_changes')) : null]); } },
      legend: { bottom: 0 }, grid: grid({ left: 10, bottom: 40 }), xAxis: { type: 'value' }, yAxis: { type: 'category', inverse: true, data: rs.map(function (r) { return nm(String(T.get(r, 'indicator_removed'))); }), axisLabel: { fontSize: rs.length > 30 ? 8 : 10, interval: 0, width: 180, overflow: 'truncate' } },
      series: [{ name: t('meanShift'), type: 'bar', data: rs.map(function (r) { return T.get(r, 'mean_abs_rank_shift'); }) }, { name: t('maxShift'), type: 'bar', data: rs.map(function (r) { return T.get(r, 'max_abs_rank_shift'); }) }] };
  };

  // ---------- HTML tables
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = text; if (cls) e.className = cls; return e; }
  function fillTable(id, head, body, numeric) {
    var tb = document.getElementById(id); if (!tb) return;
    tb.textContent = '';
    var th = el('thead'), tr = el('tr');
    head.forEach(function (h, j) { tr.appendChild(el('th', h, numeric && numeric[j] ? 'n' : '')); });
    th.appendChild(tr); tb.appendChild(th);
    var bd = el('tbody');
    body.forEach(function (row) { var r = el('tr'); row.forEach(function (c, j) { r.appendChild(el('td', c, numeric && numeric[j] ? 'n' : '')); }); bd.appendChild(r); });
    tb.appendChild(bd);
  }
  function renderRankTable() {
    var tb = document.getElementById('rank-table'); if (!tb || !VAL[S.score]) return;
    var k = S.p, q = S.query.trim().toLowerCase();
    var cols = [['rank', t('rank'), 1], ['unit', t('unit'), 0], ['group', t('group'), 0], ['score', t('score'), 1], ['grank', t('groupRank'), 1]];
    if (!D.groups.length) cols = cols.filter(function (c) { return c[0] !== 'group' && c[0] !== 'grank'; });
    var list = D.units.map(function (u) { return { u: u, rank: RNK[S.score][k][u.i], unit: un(u.id), group: u.group === null ? '' : gn(u.group), score: VAL[S.score][k][u.i], grank: GRK[S.score][k][u.i] }; })
      .filter(function (x) { return !q || x.unit.toLowerCase().indexOf(q) >= 0 || x.u.id.toLowerCase().indexOf(q) >= 0 || x.u.zh.toLowerCase().indexOf(q) >= 0 || x.u.en.toLowerCase().indexOf(q) >= 0; });
    var c = S.sortCol, d = S.sortDir;
    list.sort(function (a, b) { var x = a[c], y = b[c]; if (x === null || x === '') return 1; if (y === null || y === '') return -1; return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y), S.lang === 'zh' ? 'zh-CN' : 'en')) * d; });
    tb.textContent = '';
    var th = el('thead'), tr = el('tr');
    cols.forEach(function (col) { var h = el('th', col[1], 'sort' + (col[2] ? ' n' : '') + (c === col[0] ? (d > 0 ? ' asc' : ' desc') : '')); h.setAttribute('data-col', col[0]); h.addEventListener('click', function () { if (S.sortCol === col[0]) S.sortDir = -S.sortDir; else { S.sortCol = col[0]; S.sortDir = 1; } renderRankTable(); }); tr.appendChild(h); });
    th.appendChild(tr); tb.appendChild(th);
    var bd = el('tbody');
    list.forEach(function (x) { var r = el('tr'); r.setAttribute('data-unit', x.u.id); r.style.cursor = 'pointer'; r.addEventListener('click', function () { setUnit(x.u.id); });
      cols.forEach(function (col) { var v = x[col[0]]; r.appendChild(el('td', col[0] === 'score' ? fmt(v) : v === null ? '—' : String(v), col[2] ? 'n' : '')); });
      if (x.u.id === S.unit) r.style.background = '#fff7e0'; bd.appendChild(r); });
    tb.appendChild(bd);
  }
  function renderStaticTables() {
    var Tm = tab('spatial_global');
    if (Tm && document.getElementById('moran-table')) fillTable('moran-table', [t('score'), 'statistic', t('value'), 'z', t('pValue')], rows('spatial_global').map(function (r) { return [nm(String(Tm.get(r, 'score'))), Tm.get(r, 'statistic'), fmt(Tm.get(r, 'value')), fmt(Tm.get(r, 'z_randomisation')), fmt(Tm.get(r, 'p_permutation') !== null ? Tm.get(r, 'p_permutation') : Tm.get(r, 'p_randomisation'))]; }), [0, 0, 1, 1, 1]);
    var Tb = tab('convergence_beta');
    if (Tb) fillTable('beta-table', [t('score'), t('model'), t('term'), t('estimate'), 'SE', 't', 'p', 'n', 'R²', t('speed'), t('halfLife'), t('note')], Tb.r.map(function (r) { return [nm(String(Tb.get(r, 'score'))), Tb.get(r, 'model'), Tb.get(r, 'term'), fmt(Tb.get(r, 'estimate')), fmt(Tb.get(r, 'se')), fmt(Tb.get(r, 't')), fmt(Tb.get(r, 'p')), Tb.get(r, 'n'), fmt(Tb.get(r, 'r2')), fmt(Tb.get(r, 'speed')), fmt(Tb.get(r, 'half_life')), Tb.get(r, 'note') || '']; }), [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    var Tc = tab('method_comparison');
    if (Tc) fillTable('compare-table', [t('factor'), t('choice'), 'Spearman', 'Kendall', t('meanShift'), t('largestChanges')], Tc.r.map(function (r) { return [Tc.get(r, 'factor'), Tc.get(r, 'choice'), fmt(Tc.get(r, 'spearman')), fmt(Tc.get(r, 'kendall')), fmt(Tc.get(r, 'mean_abs_rank_shift')), Tc.get(r, 'largest_changes') || '']; }), [0, 0, 1, 1, 1, 0]);
  }

  // ---------- charts
  var CH = [];
  Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (e) {
    var b = B[e.getAttribute('data-chart')];
    if (!b) return;
    CH.push({ el: e, build: b, inst: echarts.init(e, null, { renderer: 'canvas' }) });
  });
  if (D.map) echarts.registerMap(D.map.mapName, D.map.geo);
  function renderCharts(filter) {
    CH.forEach(function (c) {
      if (filter && filter.indexOf(c.el.getAttribute('data-chart')) < 0) return;
      var o = c.build();
      if (o) { o.animation = false; c.inst.setOption(o, true); c.el.style.display = ''; }
      else { c.inst.clear(); c.el.style.display = 'none'; }
    });
  }

  // ---------- controls
  function opt(sel, value, label) { var o = document.createElement('option'); o.value = value; o.textContent = label; sel.appendChild(o); }
  function fillSelectors() {
    var sc = document.getElementById('score');
    if (sc) { sc.textContent = ''; D.scores.forEach(function (c) { opt(sc, c, nm(c)); }); sc.value = S.score; }
    var us = document.getElementById('unit');
    if (us) { us.textContent = ''; D.units.slice().sort(function (a, b) { return un(a.id).localeCompare(un(b.id), S.lang === 'zh' ? 'zh-CN' : 'en'); }).forEach(function (u) { opt(us, u.id, un(u.id)); }); us.value = S.unit; }
    var dg = document.getElementById('density-group'), d = densOf();
    if (dg && d) { dg.textContent = ''; var gs = []; d.curves.forEach(function (c) { if (gs.indexOf(c.group) < 0) gs.push(c.group); }); gs.forEach(function (g) { opt(dg, g, gn(g)); }); dg.value = S.densGroup; }
    var mc = document.getElementById('markov-cond'), Tm = tab('markov_transitions');
    if (mc && Tm) { mc.textContent = ''; var cs = []; Tm.r.forEach(function (r) { var c = String(Tm.get(r, 'condition')); if (cs.indexOf(c) < 0) cs.push(c); }); cs.forEach(function (c) { opt(mc, c, condLabel(c)); }); mc.value = S.cond; }
  }
  function applyLang() {
    document.body.className = 'lang-' + S.lang;
    document.documentElement.lang = S.lang === 'zh' ? 'zh-CN' : 'en';
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (e) { e.textContent = t(e.getAttribute('data-i18n')); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-ph]'), function (e) { e.placeholder = t(e.getAttribute('data-i18n-ph')); });
    var b = document.getElementById('lang-switch'); if (b) b.textContent = t('switchTo');
  }
  function renderAll() { fillSelectors(); renderRankTable(); renderStaticTables(); renderCharts(); }
  function setUnit(id) { S.unit = id; var us = document.getElementById('unit'); if (us) us.value = id; renderRankTable(); renderCharts(['profile', 'profileBars', 'trendUnit', 'obstacleUnit', 'sobol']); }
  function setPeriod(k) { S.p = k; var l = document.getElementById('period-label'); if (l) l.textContent = String(per()); var r = document.getElementById('period'); if (r) r.value = String(k); renderRankTable(); renderCharts(['map', 'profile', 'profileBars', 'dagumPairs', 'density', 'moranScatter', 'lisa', 'obstacleUnit', 'couplingMap', 'rankInterval']); }
  function on(id, ev, f) { var e = document.getElementById(id); if (e) e.addEventListener(ev, f); }
  on('score', 'change', function (e) { S.score = e.target.value; renderRankTable(); renderCharts(['map', 'trendUnit', 'trendGroup']); });
  on('unit', 'change', function (e) { setUnit(e.target.value); });
  on('period', 'input', function (e) { setPeriod(Number(e.target.value)); });
  on('search', 'input', function (e) { S.query = e.target.value; renderRankTable(); });
  on('density-group', 'change', function (e) { S.densGroup = e.target.value; renderCharts(['density', 'densitySurface']); });
  on('markov-cond', 'change', function (e) { S.cond = e.target.value; renderCharts(['markov']); });
  on('lang-switch', 'click', function () { S.lang = S.lang === 'zh' ? 'en' : 'zh'; applyLang(); renderAll(); });
  var timer = null;
  on('play', 'click', function () {
    if (timer) { clearInterval(timer); timer = null; return; }
    if (S.p >= D.periods.length - 1) setPeriod(0);
    timer = setInterval(function () { if (S.p >= D.periods.length - 1) { clearInterval(timer); timer = null; return; } setPeriod(S.p + 1); }, 900);
  });
  window.addEventListener('resize', function () { CH.forEach(function (c) { c.inst.resize(); }); });

  applyLang();
  renderAll();
  window.nqpfReport = { state: S, charts: CH, render: renderAll };
})();
`;
