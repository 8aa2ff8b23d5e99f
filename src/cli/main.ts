/**
 * The `nqpf` command line (conventions §8): thin commands, one lazy import each; data to
 * files, logs and progress to stderr; exit 1 after a caught error.
 */
import { cac } from 'cac';
import { NqpfError, formatLocation } from '../core/errors.js';
import type { Logger, Warning } from '../core/logger.js';
import { errorMeaning } from '../core/messages.js';
import { VERSION } from '../version.js';

/**
 * The language of nqpf's own messages on the terminal: `--lang zh|en` anywhere on the command
 * line, else NQPF_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG: zh_* → zh), else en. In zh,
 * an error starts with its meaning in Chinese (from the error catalogue) and its code; the
 * details (file, row, column, the offending value) follow as nqpf wrote them.
 */
export function cliLanguage(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): 'zh' | 'en' {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i].includes('=') ? argv[i].slice(7) : argv[i + 1];
  if (flag === 'zh' || flag === 'en') return flag;
  if (env.NQPF_LANG === 'zh' || env.NQPF_LANG === 'en') return env.NQPF_LANG;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

/** An error for the terminal in language `lang`. */
export function formatCliError(e: NqpfError, lang: 'zh' | 'en'): string {
  if (lang === 'en') return `error: ${e.format()}`;
  const meaning = errorMeaning(e.code, 'zh');
  const detail = e.format().replace(/\n {2}hint: /, '\n  提示（hint）：');
  return `错误（${e.code}）${meaning ? `：${meaning}` : ''}\n  ${detail}`;
}

let language: 'zh' | 'en' = 'en';

const stderrLogger = (quiet: boolean): Logger => ({
  warn(w: Warning) {
    const where = formatLocation(w.location);
    process.stderr.write(`${language === 'zh' ? '警告：' : 'warning: '}${where ? where + ': ' : ''}${w.message}\n`);
  },
  info(m: string) {
    if (!quiet) process.stderr.write(m + '\n');
  },
});

export interface MainOptions {
  /**
   * Aborted on Ctrl-C. `bin/nqpf.js` installs the SIGINT handler before anything is loaded, so
   * an interrupt at any moment reaches the command: `run` and `demo` stop and write nothing (or
   * say that the outputs were already in place), other commands stop at once; the exit code is 130.
   */
  interrupt?: AbortSignal;
}

export async function main(argv: string[] = process.argv, mopts: MainOptions = {}): Promise<number> {
  language = cliLanguage(argv);
  const cli = cac('nqpf');
  let exitCode = 0;
  let action: Promise<void> | undefined;
  let interruptible = false;
  let outputsWritten: string | undefined;
  let interrupt = mopts.interrupt;
  if (!interrupt) {
    // Called as a library function: handle SIGINT for the duration of this call.
    const ac = new AbortController();
    const onInt = () => ac.abort();
    process.once('SIGINT', onInt);
    interrupt = ac.signal;
    cleanups.push(() => process.removeListener('SIGINT', onInt));
  }
  const run = (fn: () => Promise<void>, handlesInterrupt = false) => {
    interruptible = handlesInterrupt;
    action = fn();
  };

  cli
    .command('run <spec>', 'Run the construction pipeline of a spec and write every table')
    .option('--out <dir>', '[path] output directory: new, empty, or written by nqpf before (default: outputs.dir of the spec, else nqpf-out beside it)')
    .option('--force', '[boolean] also write into an existing non-empty directory nqpf did not create; its files are kept, never deleted (default: false)')
    .option('--seed <n>', '[integer] seed for every random choice (default: the spec seed)')
    .option(
      '--workers <n>',
      '[integer] threads for the robustness analysis, the DEA LPs (efficiency) and the value-chain LU, used exactly; 1 also keeps large CSV files ' +
        'on the main thread (default: chosen from the job size and idle cores)',
    )
    .option('--quiet', '[boolean] no summary or progress (default: false)')
    .action((spec: string, o: { out?: string; force?: boolean; seed?: string; workers?: string; quiet?: boolean }) =>
      run(async () => {
        const seed = o.seed === undefined ? undefined : parseSeed(o.seed);
        const workers = o.workers === undefined ? undefined : parseWorkers(o.workers);
        const figuresWorker = await startFigures();
        const { runProject } = await import('../app/run-project.js');
        const { formatSummary } = await import('./summary.js');
        const { progressBar } = await import('./progress.js');
        const bar = o.quiet ? undefined : progressBar('robustness');
        const r = await runProject(spec, {
          out: o.out,
          force: !!o.force,
          seed,
          workers,
          env: process.env,
          logger: stderrLogger(!!o.quiet),
          onProgress: bar?.update,
          signal: interrupt,
          figuresWorker,
        }).finally(() => figuresWorker.close());
        bar?.done();
        if (!o.quiet) process.stderr.write(formatSummary(r) + '\n');
        outputsWritten = r.outDir;
      }, true),
    );

  cli.command('validate <spec>', 'Check a spec, its data and analyses as `run` does before computing; lists every problem found').action((spec: string) =>
    run(async () => {
      const { loadCheckedProject } = await import('../app/check-project.js');
      const p = await loadCheckedProject(spec, { env: process.env });
      for (const w of p.warnings) stderrLogger(false).warn(w);
      process.stderr.write(
        `ok: ${p.panel.units.length} units × ${p.panel.periods.length} period(s); framework ${p.framework.indicators.length} indicators, ${p.framework.aggregates.length} aggregates\n`,
      );
    }),
  );

  cli
    .command('init <dir>', 'Scaffold a project: spec, data template and README')
    .option('--framework <name>', '[string] built-in framework (default: nqpf-three-factor)')
    .action((dir: string, o: { framework?: string }) =>
      run(async () => {
        const { initProject } = await import('../app/init-project.js');
        const files = await initProject(dir, { framework: o.framework ?? 'nqpf-three-factor' });
        process.stderr.write(`created ${dir}: ${files.join(', ')}\nnext: fill the data template, then \`nqpf run ${dir}/nqpf.yaml\`\n`);
      }),
    );

  cli
    .command('demo', 'Run the three-factor NQPF framework on the bundled SYNTHETIC provincial panel')
    .option('--out <dir>', '[path] output directory: new, empty, or written by nqpf before (default: nqpf-demo-output)')
    .option('--force', '[boolean] also write into an existing non-empty directory nqpf did not create; its files are kept (default: false)')
    .option('--workers <n>', '[integer] threads for the robustness analysis, used exactly (default: chosen from the job size and idle cores)')
    .action((o: { out?: string; force?: boolean; workers?: string }) =>
      run(async () => {
        const workers = o.workers === undefined ? undefined : parseWorkers(o.workers);
        const figuresWorker = await startFigures();
        const { demoSpecPath } = await import('../app/demo.js');
        const { runProject } = await import('../app/run-project.js');
        const { formatSummary } = await import('./summary.js');
        const r = await runProject(demoSpecPath(), {
          out: o.out ?? 'nqpf-demo-output',
          force: !!o.force,
          env: process.env,
          logger: stderrLogger(false),
          signal: interrupt,
          workers,
          figuresWorker,
        }).finally(() => figuresWorker.close());
        process.stderr.write(formatSummary(r) + '\n');
        outputsWritten = r.outDir;
      }, true),
    );

  cli
    .command('report <runDir>', 'Write report.html, tables.docx and figures for an existing run directory')
    .option('--lang <lang>', '[zh|en] language of the report (default: the run spec outputs.language)')
    .option('--figures <kind>', '[none|svg|svg+png] chart export (default: svg)')
    .option('--no-docx', '[boolean] skip tables.docx (default: write it)')
    .option('--no-captions', '[boolean] figures without the provenance footer, for papers (default: the spec outputs.figureCaptions, else with it)')
    .action((runDir: string, o: { lang?: string; figures?: string; docx?: boolean; captions?: boolean }) =>
      run(async () => {
        const { readRunDir } = await import('../io/read/run-dir.js');
        const { writeReportOutputs } = await import('../io/write/write-run.js');
        const bundle = await readRunDir(runDir);
        const lang = (o.lang ?? (bundle.run.spec as { outputs?: { language?: string } }).outputs?.language ?? 'zh') as string;
        if (lang !== 'zh' && lang !== 'en') throw new NqpfError('E_CLI', `--lang must be zh or en, got "${lang}"`);
        const figures = (o.figures ?? 'svg') as string;
        if (!['none', 'svg', 'svg+png'].includes(figures)) throw new NqpfError('E_CLI', `--figures must be none, svg or svg+png, got "${figures}"`);
        const r = await writeReportOutputs(runDir, {
          lang,
          report: true,
          docx: o.docx !== false,
          figures: figures as 'none' | 'svg' | 'svg+png',
          ...(o.captions === false ? { captions: false } : {}),
        });
        const { recordOutputs } = await import('../io/write/atomic.js');
        await recordOutputs(runDir, r.files, VERSION);
        if (r.report?.unmatched.length) process.stderr.write(`warning: report map: no geometry for ${r.report.unmatched.join(', ')}\n`);
        for (const n of r.report?.mapNotes ?? []) process.stderr.write(`warning: report map: ${n}\n`);
        process.stderr.write(`wrote ${r.files.join(', ')} in ${runDir}${r.report ? ` (report.html ${(r.report.bytes / 1e6).toFixed(2)} MB)` : ''}\n`);
      }),
    );

  cli
    .command('serve', 'Start the local workbench (web app on 127.0.0.1 with a per-launch token)')
    .option('--port <n>', '[integer] port (default: 8787)')
    .option('--data-dir <dir>', '[path] where projects are stored (default: ~/.nqpf/workbench)')
    .option('--host <host>', '[string] address to bind (default: 127.0.0.1; anything else prints a warning)')
    .option('--no-open', '[boolean] do not open a browser (default: open when a desktop is available)')
    .action((o: { port?: string; dataDir?: string; host?: string; open?: boolean }) =>
      run(async () => {
        const { serveCommand } = await import('./serve.js');
        const port = o.port === undefined ? undefined : Number(o.port);
        if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
          throw new NqpfError('E_CLI', `--port must be an integer from 0 to 65535, got "${o.port}"`);
        const s = await serveCommand({ port, dataDir: o.dataDir, host: o.host, open: o.open !== false, lang: language });
        await new Promise<void>((resolve) => {
          const stop = () => {
            void s.close().then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );

  cli.command('schema', 'Print the JSON Schema of the spec').action(() =>
    run(async () => {
      const { specJsonSchemaText } = await import('../spec/json-schema.js');
      process.stdout.write(specJsonSchemaText());
    }),
  );

  cli.option('--lang <lang>', "[zh|en] language of nqpf's messages (default: NQPF_LANG, else the locale; for `report` also the report's)");
  cli.help();
  cli.version(VERSION);
  try {
    cli.parse(argv, { run: false });
    if (!cli.matchedCommand) {
      if (cli.args.length) {
        process.stderr.write(`nqpf: unknown command "${cli.args[0]}"\n`);
        cli.outputHelp();
        return 1;
      }
      if (!(cli.options.help || cli.options.version)) cli.outputHelp();
      return 0;
    }
    await cli.runMatchedCommand();
    if (action) {
      if (!interruptible && !cli.matchedCommandName?.startsWith('serve')) {
        // Commands that do not stop by themselves stop at once; they write nothing partial.
        const sig = interrupt;
        const stop = new Promise<never>((_, reject) => {
          const onAbort = () => reject(new NqpfError('E_ABORTED', 'interrupted'));
          if (sig.aborted) onAbort();
          else sig.addEventListener('abort', onAbort, { once: true });
        });
        stop.catch(() => undefined);
        await Promise.race([action, stop]);
      } else await action;
    }
    if (interrupt.aborted && !cli.matchedCommandName?.startsWith('serve')) {
      process.stderr.write(`\ninterrupted${outputsWritten ? ` after the outputs were written to ${outputsWritten}` : ''}\n`);
      exitCode = 130;
    }
  } catch (e) {
    exitCode = 1;
    if (e instanceof NqpfError && e.code === 'E_ABORTED') {
      process.stderr.write(`\ninterrupted: ${e.message}\n`);
      exitCode = 130;
    } else if (interrupt.aborted) {
      process.stderr.write(`\ninterrupted${e instanceof NqpfError ? ` (${e.format()})` : ''}\n`);
      exitCode = 130;
    } else if (e instanceof NqpfError) process.stderr.write(`${formatCliError(e, language)}\n`);
    else if (e instanceof Error && /missing required|Unknown option|Unused args/i.test(e.message)) process.stderr.write(`nqpf: ${e.message}\n`);
    else process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  } finally {
    for (const c of cleanups.splice(0)) c();
  }
  return exitCode;
}

const cleanups: (() => void)[] = [];

/**
 * `run` and `demo` start the figures worker first, before the pipeline's modules load: most specs
 * draw figures (outputs.figures defaults to svg), and ECharts then loads on another core meanwhile;
 * runProject closes it when the spec draws none.
 */
async function startFigures() {
  const { startFiguresWorker } = await import('../io/workers/figures-run.js');
  return startFiguresWorker();
}

function parseWorkers(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new NqpfError('E_CLI', `--workers must be an integer from 1 to 256, got "${s}"`);
  return n;
}

function parseSeed(s: string): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 0) throw new NqpfError('E_CLI', `--seed must be a non-negative integer, got "${s}"`);
  return n;
}
