/**
 * The workbench JSON API (docs/workbench.md) as typed functions. Same-origin requests only: the
 * session cookie authenticates them and the browser adds the Origin header the server checks on
 * state-changing requests.
 */

export interface ProjectSummary {
  id: string;
  name: string;
  created: string;
  updated: string;
  version: number;
}
export interface FileInfo {
  name: string;
  sha256: string;
  size: number;
  encoding: string | null;
  uploaded: string;
}
export interface Project extends ProjectSummary {
  spec_yaml: string;
  files: FileInfo[];
}
export interface UnknownUnit {
  name: string;
  count: number;
  suggestions: string[];
}
export interface Preview {
  kind: 'table' | 'other';
  encoding: string | null;
  sheet?: string;
  header: string[];
  rows: (string | number | null)[][];
  rowCount: number;
  columns: { name: string; numeric: number; missing: number; text: number; values?: string[] }[];
  suggestions: { unitColumn?: string; periodColumn?: string; registry: 'cn-provinces' | 'cn-cities' | 'none' };
  unknownUnits: UnknownUnit[];
  panel?: { units: number; periods: number; indicators: number; names?: number };
  issues: { code: string; message: string; hint?: string; location?: { file?: string; row?: number; column?: string | number; path?: string } }[];
}
export interface ValidationError {
  code: string;
  message: string;
  path?: string;
  row?: number;
  column?: string | number;
  hint?: string;
}
export interface RunEvent {
  type: 'status' | 'progress' | 'warning' | 'info' | 'end';
  status?: string;
  phase?: string;
  done?: number;
  total?: number;
  message?: string;
  code?: string;
}
export interface RunRecord {
  project_id: string;
  run_id: string;
  started: string;
  finished: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  error: string | null;
  seed: number | null;
  events?: RunEvent[] | null;
  outputs?: { name: string; size: number }[];
}

/** An error answer of the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, raw?: { bytes: Blob; type: string }): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: {} };
  if (raw) {
    init.body = raw.bytes;
    (init.headers as Record<string, string>)['Content-Type'] = raw.type;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const res = await fetch(`/api/${path}`, init);
  if (res.status === 204) return undefined as T;
  const ct = res.headers.get('Content-Type') ?? '';
  const data = ct.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; hint?: string } }).error ?? {};
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.hint, e as Record<string, unknown>);
  }
  return data as T;
}

const enc = encodeURIComponent;

export const api = {
  schema: () => call<Record<string, unknown>>('GET', 'schema'),
  frameworks: () => call<Record<string, import('../../src/frameworks/types.js').BuiltinFramework>>('GET', 'frameworks'),
  validate: (spec_yaml: string, project_id?: string) => call<{ ok: boolean; errors: ValidationError[] }>('POST', 'validate', { spec_yaml, project_id }),
  projects: () => call<ProjectSummary[]>('GET', 'projects'),
  createProject: (name: string, spec_yaml: string) => call<Project>('POST', 'projects', { name, spec_yaml }),
  project: (id: string) => call<Project>('GET', `projects/${enc(id)}`),
  updateProject: (id: string, version: number, patch: { name?: string; spec_yaml?: string }) =>
    call<Project>('PUT', `projects/${enc(id)}`, { version, ...patch }),
  deleteProject: (id: string) => call<void>('DELETE', `projects/${enc(id)}`),
  upload: (id: string, file: File) =>
    call<{ file: FileInfo; preview: Preview | null }>('POST', `projects/${enc(id)}/files?name=${enc(file.name)}`, undefined, {
      bytes: file,
      type: 'application/octet-stream',
    }),
  preview: (id: string, name: string) => call<Preview>('GET', `projects/${enc(id)}/files/${enc(name)}/preview`),
  startRun: (id: string, seed?: number) => call<RunRecord>('POST', `projects/${enc(id)}/runs`, seed === undefined ? {} : { seed }),
  runs: (id: string) => call<RunRecord[]>('GET', `projects/${enc(id)}/runs`),
  run: (id: string, run: string) => call<RunRecord>('GET', `projects/${enc(id)}/runs/${enc(run)}`),
  /** Text of a run output (CSV). */
  async outputText(id: string, run: string, name: string): Promise<string> {
    const res = await fetch(outputUrl(id, run, name), { credentials: 'same-origin' });
    if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, `${name}: ${res.statusText}`);
    return res.text();
  },
};

/** Download URL of a run output. */
export function outputUrl(id: string, run: string, name: string, inline = false): string {
  return `/api/projects/${enc(id)}/runs/${enc(run)}/files/${enc(name)}${inline ? '?inline=1' : ''}`;
}

/** Download URL of the spec a run used. */
export function runSpecUrl(id: string, run: string): string {
  return `/api/projects/${enc(id)}/runs/${enc(run)}/spec`;
}

/** SSE URL of a run's progress. */
export function runEventsUrl(id: string, run: string): string {
  return `/api/projects/${enc(id)}/runs/${enc(run)}/events`;
}

/**
 * Follow a run until it ends: Server-Sent Events, falling back to polling every 500 ms when the
 * event stream fails. `onEvent` gets each event; resolves with the final run record.
 */
export function followRun(id: string, run: string, onEvent: (e: RunEvent) => void): Promise<RunRecord> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = async () => {
      if (done) return;
      done = true;
      try {
        resolve(await api.run(id, run));
      } catch (e) {
        reject(e);
      }
    };
    const poll = async () => {
      let seen = 0;
      while (!done) {
        try {
          const r = await api.run(id, run);
          const evs = r.events ?? [];
          for (const e of evs.slice(seen)) onEvent(e);
          seen = evs.length;
          if (r.status === 'succeeded' || r.status === 'failed') {
            onEvent({ type: 'status', status: r.status, message: r.error ?? undefined });
            done = true;
            resolve(r);
            return;
          }
        } catch (e) {
          done = true;
          reject(e);
          return;
        }
        await new Promise((ok) => setTimeout(ok, 500));
      }
    };
    if (typeof EventSource === 'undefined') {
      void poll();
      return;
    }
    const es = new EventSource(runEventsUrl(id, run));
    es.onmessage = (m) => {
      let e: RunEvent;
      try {
        e = JSON.parse(m.data) as RunEvent;
      } catch {
        return;
      }
      if (e.type === 'end') {
        es.close();
        void finish();
      } else onEvent(e);
    };
    es.onerror = () => {
      es.close();
      if (!done) void poll();
    };
  });
}
