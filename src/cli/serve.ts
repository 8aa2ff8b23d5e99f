/**
 * `nqpf serve [--port N] [--data-dir DIR] [--host H] [--no-open]`: start the local workbench.
 * Prints the tokened URL (the token is per launch); warns when bound to a non-loopback interface;
 * opens the browser only when asked and a desktop is present (never under CI or in tests). A
 * second workbench on the same data directory stops with `E_WORKBENCH_BUSY` and the first one's URL
 * (src/server/instance.ts), in the CLI's language.
 */
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NqpfError } from '../core/errors.js';
import { startServer } from '../server/app.js';
import { isLoopback } from '../server/security.js';

export interface ServeOptions {
  /** Port (default 8787; 0 = any free port). */
  port?: number;
  /** Project store directory (default ~/.nqpf/workbench). */
  dataDir?: string;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Open the browser (default false here; the CLI passes true unless --no-open). */
  open?: boolean;
  /** Where messages go (default process.stderr). */
  log?: (line: string) => void;
  /** Language of the error when another workbench holds the data directory (default en). */
  lang?: 'zh' | 'en';
}

/** Start the workbench; resolves with its tokened URL and a close function. */
export async function serveCommand(opts: ServeOptions): Promise<{ url: string; close(): Promise<void> }> {
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    log(
      `warning: binding to ${host} makes the workbench reachable from other machines on the network. Anyone who obtains the token can read and change your projects. Prefer the default 127.0.0.1.`,
    );
  }
  const s = await startServer({ dataDir: opts.dataDir ?? join(homedir(), '.nqpf', 'workbench'), port: opts.port ?? 8787, host }).catch((e: unknown) => {
    throw opts.lang === 'zh' && e instanceof NqpfError && e.code === 'E_WORKBENCH_BUSY' ? busyZh(e) : e;
  });
  log(`nqpf workbench: ${s.url}`);
  log('(the token in this URL changes at every start; keep it private — press Ctrl+C to stop)');
  if (opts.open && hasDesktop()) openBrowser(s.url);
  return { url: s.url, close: () => s.close() };
}

/** The busy error's message (server/instance.ts) and hint in Chinese (the folder, the process and the URL as they were). */
function busyZh(e: NqpfError): NqpfError {
  const { dataDir, url, pid } = (e.data ?? {}) as { dataDir?: string; url?: string; pid?: number };
  return new NqpfError('E_WORKBENCH_BUSY', `另一个 nqpf 工作台${pid ? `（PID ${pid}）` : ''}正在使用数据目录 ${dataDir}${url ? `，其网址为 ${url}` : ''}`, {
    hint: `${url ? '在浏览器中打开该网址，或' : ''}先停止另一个工作台（在其终端按 Ctrl+C），或用 --data-dir <目录> 在另一个目录启动本工作台`,
    data: e.data,
  });
}

function hasDesktop(): boolean {
  if (process.env.CI || process.env.VITEST || process.env.NODE_ENV === 'test') return false;
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    /* no browser: the URL is printed */
  }
}
