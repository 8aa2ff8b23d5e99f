import { NqpfError } from '../../src/core/errors.js';

/** Run `fn`, expect an NqpfError, return it (fails the test with a clear message otherwise). */
export function catchNqpf(fn: () => unknown): NqpfError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw new Error(`expected an NqpfError, got ${String(e)}`);
  }
  throw new Error('expected an NqpfError, but nothing was thrown');
}

/** Async variant of {@link catchNqpf}. */
export async function catchNqpfAsync(fn: () => Promise<unknown>): Promise<NqpfError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw new Error(`expected an NqpfError, got ${String(e)}`);
  }
  throw new Error('expected an NqpfError, but nothing was thrown');
}
