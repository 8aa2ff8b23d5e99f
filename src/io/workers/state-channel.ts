/**
 * The robustness engines of one run share their construction states (robustness/engine.ts
 * StateExchange): the first thread that builds a state — say the rank normalisation drawn by a
 * factor — copies its normalised columns into SharedArrayBuffers and posts them on a
 * BroadcastChannel named for the run; the other threads read the channel synchronously
 * (`receiveMessageOnPort`, in the middle of a slice of replications) when they need a state and
 * build it from those columns instead of normalising again. A thread that needs a state nobody
 * has published yet builds it itself, so no thread ever waits for another; two threads that build
 * the same state at once both publish it, and the copies are equal.
 */
import { randomUUID } from 'node:crypto';
import { BroadcastChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import type { ColumnExtent } from '../../pipeline/descriptor.js';
import type { NormalisedColumns } from '../../pipeline/run.js';
import type { StateExchange } from '../../robustness/engine.js';

interface Published {
  key: string;
  columns: [string, Float64Array][];
  extents: [string, ColumnExtent][];
}

/** A channel name of its own for one robustness run (channels of the same name reach each other across the process's threads). */
export function stateChannelName(): string {
  return `nqpf-robustness-states-${randomUUID()}`;
}

export class StateChannel implements StateExchange {
  private readonly channel: BroadcastChannel;
  private readonly got = new Map<string, NormalisedColumns>();

  constructor(readonly name: string) {
    this.channel = new BroadcastChannel(name);
    // Messages are read synchronously by take() while this thread computes, and by the event loop
    // when it yields (a main thread between slices): both keep them. The channel never keeps the thread alive.
    this.channel.addEventListener('message', (e) => this.keep((e as MessageEvent).data as Published));
    (this.channel as unknown as { unref(): void }).unref();
  }

  take(key: string): NormalisedColumns | undefined {
    // receiveMessageOnPort reads a BroadcastChannel as a MessagePort (Node ≥ 15.12; the types name MessagePort only).
    const port = this.channel as unknown as MessagePort;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) this.keep(m.message as Published);
    return this.got.get(key);
  }

  private keep(p: Published): void {
    if (!this.got.has(p.key)) this.got.set(p.key, { columns: new Map(p.columns), extents: new Map(p.extents) });
  }

  publish(key: string, cols: NormalisedColumns): NormalisedColumns {
    const columns: [string, Float64Array][] = [];
    for (const [c, v] of cols.columns) {
      const s = new Float64Array(new SharedArrayBuffer(v.byteLength));
      s.set(v);
      columns.push([c, s]);
    }
    const extents = [...cols.extents];
    this.channel.postMessage({ key, columns, extents } satisfies Published);
    const shared = { columns: new Map(columns), extents: new Map(extents) };
    this.got.set(key, shared);
    return shared;
  }

  close(): void {
    this.channel.close();
  }
}
