import type { Location } from './errors.js';

/** A warning raised during a run; collected into run.json and shown on the console. */
export interface Warning {
  code: string;
  message: string;
  location?: Location;
}

/**
 * Injectable logger (conventions §3). The engine never prints: it reports to a Logger,
 * which the CLI prints to stderr and tests capture.
 */
export interface Logger {
  warn(w: Warning): void;
  info(message: string): void;
}

/** A logger that only collects — the default inside the engine and in tests. */
export class CollectingLogger implements Logger {
  readonly warnings: Warning[] = [];
  readonly infos: string[] = [];
  warn(w: Warning): void {
    this.warnings.push(w);
  }
  info(message: string): void {
    this.infos.push(message);
  }
}
