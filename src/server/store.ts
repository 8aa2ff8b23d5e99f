/**
 * The workbench project store: one DuckDB database file under the data directory holding the
 * projects (spec YAML + optimistic-concurrency version), their uploaded data files (bytes +
 * SHA-256) and their runs (status, error, seed, provenance, output directory).
 *
 * Why DuckDB: a single file, transactional, with a write-ahead log — a server killed mid-write
 * loses nothing that was already committed, and a half-done transaction is rolled back on the next
 * open. Every statement is parameterised (`$1`, `$2` …); no value is ever spliced into SQL text.
 *
 * Concurrency: DuckDB connections are not meant for interleaved transactions, so every store
 * operation runs through one async queue ({@link ProjectStore.serial}); each operation that writes
 * more than one row runs inside BEGIN … COMMIT (ROLLBACK on any error). A project update carries the
 * version it was based on; a stale version fails with `E_CONFLICT` and the current version (HTTP 409).
 */
import { createHash, randomUUID } from 'node:crypto';
import { DuckDBInstance, blobValue, type DuckDBConnection } from '@duckdb/node-api';
import { NqpfError, fail } from '../core/errors.js';
import { dropDangerousKeys } from './security.js';

/** A project as listed (no spec text). */
export interface ProjectSummary {
  id: string;
  name: string;
  created: string;
  updated: string;
  version: number;
}

/** A project with its spec and the list of its files (metadata only). */
export interface Project extends ProjectSummary {
  spec_yaml: string;
  files: FileInfo[];
}

/** An uploaded file's metadata. */
export interface FileInfo {
  name: string;
  sha256: string;
  size: number;
  encoding: string | null;
  uploaded: string;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One run of a project. */
export interface RunRecord {
  project_id: string;
  run_id: string;
  started: string;
  finished: string | null;
  status: RunStatus;
  error: string | null;
  seed: number | null;
  provenance: unknown;
  out_dir: string | null;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS projects (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, created VARCHAR NOT NULL, updated VARCHAR NOT NULL, spec_yaml VARCHAR NOT NULL, version INTEGER NOT NULL)`,
  'CREATE TABLE IF NOT EXISTS files (project_id VARCHAR NOT NULL, name VARCHAR NOT NULL, sha256 VARCHAR NOT ' +
    'NULL, bytes BLOB NOT NULL, encoding VARCHAR, uploaded VARCHAR NOT NULL, PRIMARY KEY (project_id, name))',
  'CREATE TABLE IF NOT EXISTS runs (project_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL, started VARCHAR NOT ' +
    'NULL, finished VARCHAR, status VARCHAR NOT NULL, error VARCHAR, seed BIGINT, provenance JSON, out_dir ' +
    'VARCHAR, PRIMARY KEY (project_id, run_id))',
];

/** ISO timestamp (UTC, milliseconds) — store metadata only, never written into data outputs. */
function now(): string {
  return new Date().toISOString();
}

function notFound(what: string, id: string): never {
  fail('E_NOT_FOUND', `${what} "${id}" not found`, { hint: 'it may have been deleted in another tab; reload the project list' });
}

/**
 * The store. Open with {@link ProjectStore.open}; close with {@link ProjectStore.close}.
 * Every method is async and serialised; results are plain JSON-safe objects.
 */
export class ProjectStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set after an I/O failure (disk full …): the next operation reopens the database first. */
  private broken = false;
  /** Called with each operation's error (logging). */
  onError?: (e: unknown, recovered: boolean) => void;

  private constructor(
    private readonly file: string,
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
    private readonly faults?: StoreFaults,
  ) {}

  /** Open (creating when absent) the database file `file` and its tables. `faults`: test-only fault injection. */
  static async open(file: string, faults?: StoreFaults): Promise<ProjectStore> {
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    for (const s of SCHEMA) await conn.run(s);
    return new ProjectStore(file, instance, conn, faults);
  }

  /**
   * Close and reopen the database after an I/O failure. DuckDB may invalidate a database after a
   * failed write (e.g. the disk filled up); a fresh instance replays the WAL and works again once
   * the cause is gone, without restarting the server.
   */
  private async reopen(): Promise<void> {
    try {
      this.conn.closeSync();
    } catch {
      /* already unusable */
    }
    try {
      this.instance.closeSync();
    } catch {
      /* already unusable */
    }
    const instance = await DuckDBInstance.create(this.file);
    const conn = await instance.connect();
    for (const s of SCHEMA) await conn.run(s);
    this.instance = instance;
    this.conn = conn;
    this.broken = false;
  }

  /** Run `fn` after every earlier operation has finished (one at a time); reopen first when the last one failed on I/O. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('project store is closed'));
    const run = async (): Promise<T> => {
      if (this.broken) {
        try {
          await this.reopen();
          this.onError?.(undefined, true);
        } catch (e) {
          throw storeUnavailable(e);
        }
      }
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof NqpfError)) {
          // Not a user error: the connection may be invalidated (disk full, I/O error). Reopen next time.
          this.broken = true;
          this.onError?.(e, false);
          if (isDiskFull(e)) throw diskFull(e);
        }
        throw e;
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** A write statement (the test fault hook sees it first). */
  private async write(sql: string, params?: unknown[]): Promise<{ rowsChanged: number }> {
    this.faults?.beforeWrite?.(sql, this.conn);
    return this.conn.run(sql, params as never);
  }

  /** `fn` inside BEGIN … COMMIT, rolled back when it throws. Call only from inside `serial`. */
  private async tx<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const r = await fn();
      await this.conn.run('COMMIT');
      return r;
    } catch (e) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const r = await this.conn.runAndReadAll(sql, params as never);
    return r.getRowObjectsJS() as Record<string, unknown>[];
  }

  // ------------------------------------------------------------------ projects

  listProjects(): Promise<ProjectSummary[]> {
    return this.serial(async () => (await this.rows('SELECT id, name, created, updated, version FROM projects ORDER BY updated DESC, id')).map(toSummary));
  }

  createProject(name: string, specYaml: string): Promise<Project> {
    return this.serial(async () => {
      const id = randomUUID();
      const t = now();
      await this.write('INSERT INTO projects (id, name, created, updated, spec_yaml, version) VALUES ($1, $2, $3, $4, $5, 1)', [id, name, t, t, specYaml]);
      return { id, name, created: t, updated: t, version: 1, spec_yaml: specYaml, files: [] };
    });
  }

  getProject(id: string): Promise<Project> {
    return this.serial(() => this.readProject(id));
  }

  private async readProject(id: string): Promise<Project> {
    const r = await this.rows('SELECT id, name, created, updated, version, spec_yaml FROM projects WHERE id = $1', [id]);
    if (!r.length) notFound('project', id);
    const files = await this.rows('SELECT name, sha256, octet_length(bytes) AS size, encoding, uploaded FROM files WHERE project_id = $1 ORDER BY name', [id]);
    return { ...toSummary(r[0]), spec_yaml: String(r[0].spec_yaml), files: files.map(toFileInfo) };
  }

  /**
   * Update name and/or spec. `baseVersion` is the version the client edited; when another writer
   * has saved since, fails with `E_CONFLICT` (`data.currentVersion`) and changes nothing.
   */
  updateProject(id: string, baseVersion: number, patch: { name?: string; spec_yaml?: string }): Promise<Project> {
    return this.serial(() =>
      this.tx(async () => {
        const cur = await this.rows('SELECT version FROM projects WHERE id = $1', [id]);
        if (!cur.length) notFound('project', id);
        const currentVersion = Number(cur[0].version);
        if (currentVersion !== baseVersion) {
          fail('E_CONFLICT', `project "${id}" was changed elsewhere (you edited version ${baseVersion}, the saved version is ${currentVersion})`, {
            hint: 'reload the project, re-apply your change and save again',
            data: { currentVersion },
          });
        }
        const t = now();
        await this.write(
          'UPDATE projects SET name = COALESCE($2, name), spec_yaml = COALESCE($3, spec_yaml), updated = $4, version = version + 1 WHERE id = $1 AND version = $5',
          [id, patch.name ?? null, patch.spec_yaml ?? null, t, baseVersion],
        );
        return this.readProject(id);
      }),
    );
  }

  /** Delete a project with its files and run records. Returns the run output directories (for the caller to remove). */
  deleteProject(id: string): Promise<string[]> {
    return this.serial(() =>
      this.tx(async () => {
        const cur = await this.rows('SELECT id FROM projects WHERE id = $1', [id]);
        if (!cur.length) notFound('project', id);
        const dirs = (await this.rows('SELECT out_dir FROM runs WHERE project_id = $1', [id]))
          .map((r) => r.out_dir)
          .filter((d): d is string => typeof d === 'string');
        await this.write('DELETE FROM files WHERE project_id = $1', [id]);
        await this.write('DELETE FROM runs WHERE project_id = $1', [id]);
        await this.write('DELETE FROM projects WHERE id = $1', [id]);
        return dirs;
      }),
    );
  }

  // ------------------------------------------------------------------ files

  /**
   * Store (or replace) a file. Fails with `E_TOO_MANY_FILES` when adding a new name would exceed
   * `maxFiles` files in the project. Returns the stored metadata.
   */
  putFile(projectId: string, name: string, bytes: Uint8Array, encoding: string | null, maxFiles: number): Promise<FileInfo> {
    return this.serial(() =>
      this.tx(async () => {
        const p = await this.rows('SELECT id FROM projects WHERE id = $1', [projectId]);
        if (!p.length) notFound('project', projectId);
        const existing = await this.rows('SELECT name FROM files WHERE project_id = $1', [projectId]);
        const replacing = existing.some((r) => r.name === name);
        if (!replacing && existing.length >= maxFiles) {
          fail('E_TOO_MANY_FILES', `project already has ${existing.length} files (limit ${maxFiles})`, {
            hint: 'delete a file you no longer need, or replace one by uploading under the same name',
          });
        }
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const t = now();
        await this.write('DELETE FROM files WHERE project_id = $1 AND name = $2', [projectId, name]);
        await this.write('INSERT INTO files (project_id, name, sha256, bytes, encoding, uploaded) VALUES ($1, $2, $3, $4, $5, $6)', [
          projectId,
          name,
          sha256,
          blobValue(bytes),
          encoding,
          t,
        ]);
        await this.write('UPDATE projects SET updated = $2 WHERE id = $1', [projectId, t]);
        return { name, sha256, size: bytes.byteLength, encoding, uploaded: t };
      }),
    );
  }

  /** A file's bytes and metadata. */
  getFile(projectId: string, name: string): Promise<FileInfo & { bytes: Uint8Array }> {
    return this.serial(async () => {
      const r = await this.rows('SELECT name, sha256, octet_length(bytes) AS size, encoding, uploaded, bytes FROM files WHERE project_id = $1 AND name = $2', [
        projectId,
        name,
      ]);
      if (!r.length) notFound('file', name);
      return { ...toFileInfo(r[0]), bytes: new Uint8Array(r[0].bytes as Uint8Array) };
    });
  }

  /** Every file of a project with its bytes (materialising a run). */
  getFiles(projectId: string): Promise<(FileInfo & { bytes: Uint8Array })[]> {
    return this.serial(async () => {
      const r = await this.rows('SELECT name, sha256, octet_length(bytes) AS size, encoding, uploaded, bytes FROM files WHERE project_id = $1 ORDER BY name', [
        projectId,
      ]);
      return r.map((x) => ({ ...toFileInfo(x), bytes: new Uint8Array(x.bytes as Uint8Array) }));
    });
  }

  deleteFile(projectId: string, name: string): Promise<void> {
    return this.serial(() =>
      this.tx(async () => {
        const r = await this.write('DELETE FROM files WHERE project_id = $1 AND name = $2', [projectId, name]);
        if (r.rowsChanged === 0) notFound('file', name);
        await this.write('UPDATE projects SET updated = $2 WHERE id = $1', [projectId, now()]);
      }),
    );
  }

  // ------------------------------------------------------------------ runs

  createRun(projectId: string, seed: number | null, outDir: string): Promise<RunRecord> {
    return this.serial(async () => {
      const p = await this.rows('SELECT id FROM projects WHERE id = $1', [projectId]);
      if (!p.length) notFound('project', projectId);
      const runId = `${now().replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
      const t = now();
      await this.write("INSERT INTO runs (project_id, run_id, started, status, seed, out_dir) VALUES ($1, $2, $3, 'queued', $4, $5)", [
        projectId,
        runId,
        t,
        seed,
        outDir,
      ]);
      return { project_id: projectId, run_id: runId, started: t, finished: null, status: 'queued', error: null, seed, provenance: null, out_dir: outDir };
    });
  }

  /** Record the end (or start) of a run. */
  updateRun(
    projectId: string,
    runId: string,
    patch: { status: RunStatus; error?: string | null; seed?: number | null; provenance?: unknown; out_dir?: string | null; finished?: boolean },
  ): Promise<void> {
    return this.serial(async () => {
      await this.write(
        'UPDATE runs SET status = $3, error = COALESCE($4, error), seed = COALESCE($5, seed), provenance = ' +
          'COALESCE($6, provenance), out_dir = COALESCE($7, out_dir), finished = CASE WHEN $8 THEN $9 ELSE finished END ' +
          'WHERE project_id = $1 AND run_id = $2',
        [
          projectId,
          runId,
          patch.status,
          patch.error ?? null,
          patch.seed ?? null,
          patch.provenance === undefined ? null : JSON.stringify(patch.provenance),
          patch.out_dir ?? null,
          patch.finished ?? false,
          now(),
        ],
      );
    });
  }

  listRuns(projectId: string): Promise<RunRecord[]> {
    return this.serial(async () => (await this.rows('SELECT * FROM runs WHERE project_id = $1 ORDER BY started DESC, run_id DESC', [projectId])).map(toRun));
  }

  getRun(projectId: string, runId: string): Promise<RunRecord> {
    return this.serial(async () => {
      const r = await this.rows('SELECT * FROM runs WHERE project_id = $1 AND run_id = $2', [projectId, runId]);
      if (!r.length) notFound('run', runId);
      return toRun(r[0]);
    });
  }

  /** Mark runs left `queued`/`running` by a previous server process as failed (called at start-up). */
  failInterruptedRuns(): Promise<void> {
    return this.serial(async () => {
      await this.write(
        "UPDATE runs SET status = 'failed', error = 'interrupted: the server stopped before the run finished', finished = $1 WHERE status IN ('queued', 'running')",
        [now()],
      );
    });
  }

  /** Finish pending operations and close the database (checkpointing the WAL). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    try {
      await this.conn.run('CHECKPOINT');
    } catch {
      /* nothing to checkpoint */
    }
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** Test-only fault injection: `beforeWrite` runs before every data-changing statement and may throw (a simulated I/O failure) or break the connection. */
export interface StoreFaults {
  beforeWrite?: (sql: string, conn: DuckDBConnection) => void;
}

/** Is `e` a full disk (ENOSPC, DuckDB's "No space left on device", a disk quota)? */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'E_DISK_FULL') return true;
  const msg = e instanceof Error ? e.message : String(e);
  return /ENOSPC|no space left|disk (is )?full|quota exceeded/i.test(msg);
}

function diskFull(e: unknown): NqpfError {
  return new NqpfError('E_DISK_FULL', 'no space left on the disk of the workbench data directory: nothing was saved', {
    hint: 'free some disk space, then try again (the workbench recovers by itself)',
    data: { cause: e instanceof Error ? e.message : String(e) },
  });
}

function storeUnavailable(e: unknown): NqpfError {
  if (isDiskFull(e)) return diskFull(e);
  return new NqpfError('E_STORE', 'the project store is unavailable just now', {
    hint: 'try again in a moment; if this persists, restart `nqpf serve`',
    data: { cause: e instanceof Error ? e.message : String(e) },
  });
}

function toSummary(r: Record<string, unknown>): ProjectSummary {
  return { id: String(r.id), name: String(r.name), created: String(r.created), updated: String(r.updated), version: Number(r.version) };
}

function toFileInfo(r: Record<string, unknown>): FileInfo {
  return {
    name: String(r.name),
    sha256: String(r.sha256),
    size: Number(r.size),
    encoding: r.encoding == null ? null : String(r.encoding),
    uploaded: String(r.uploaded),
  };
}

function toRun(r: Record<string, unknown>): RunRecord {
  let provenance: unknown = null;
  if (typeof r.provenance === 'string') {
    try {
      provenance = JSON.parse(r.provenance, dropDangerousKeys);
    } catch {
      provenance = null;
    }
  }
  return {
    project_id: String(r.project_id),
    run_id: String(r.run_id),
    started: String(r.started),
    finished: r.finished == null ? null : String(r.finished),
    status: String(r.status) as RunStatus,
    error: r.error == null ? null : String(r.error),
    seed: r.seed == null ? null : Number(r.seed),
    provenance,
    out_dir: r.out_dir == null ? null : String(r.out_dir),
  };
}
