/**
 * `--workers N`: the primary forks N copies of the CLI with `node:cluster`
 * (they share the port), restarts a worker that dies with a growing delay
 * (so a crash loop is not a fork bomb), and on SIGINT/SIGTERM asks every
 * worker to stop gracefully. Workers serve; the primary never does.
 */
import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { onStopSignals } from './server';

/** A worker that cannot start (listen error, `--ready` failure) exits with this: restarting would not help. */
export const WORKER_FATAL_EXIT = 78; // EX_CONFIG

const SHUTDOWN_MESSAGE = 'next-api-express:shutdown';

/** First restart delay; doubles per consecutive quick crash of the same worker slot. */
const RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 10_000;
/** A worker that ran this long before dying counts as healthy: its slot's delay resets. */
const STABLE_AFTER_MS = 10_000;
/** How long past `--shutdown-timeout` the primary waits before killing workers. */
const KILL_GRACE_MS = 2_000;

export const isWorker = (): boolean => cluster.isWorker;

/** In a worker: `stop` runs when the primary asks for a graceful stop. */
export function onPrimaryShutdown(stop: () => void): void {
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE) stop();
  });
}

export interface PrimaryOptions {
  workers: number;
  shutdownTimeout: number;
  log(line: string): void;
  /** Once, when the first worker listens. */
  onListening(address: AddressInfo): void;
  /** Before the primary exits (close watchers...). */
  onStop?(): Promise<void> | void;
}

interface Slot {
  index: number;
  quickCrashes: number;
}

/** The primary process: forks the workers, restarts the ones that die (with backoff), stops them all on a signal. */
class Primary {
  private readonly slots = new Map<Worker, { slot: Slot; startedAt: number }>();
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private stopping = false;
  private failed = false;
  private announced = false;

  constructor(private readonly options: PrimaryOptions) {}

  start(): void {
    const { log } = this.options;
    cluster.on('listening', (worker, address) => {
      log(`worker ${pidOf(worker)} listening`);
      if (this.announced) return;
      this.announced = true;
      this.options.onListening(address as unknown as AddressInfo);
    });
    cluster.on('exit', (worker, code, signal) => this.onExit(worker, code, signal));
    onStopSignals(
      (signal) => {
        const n = this.slots.size;
        log(`${signal}: stopping ${n} worker${n === 1 ? '' : 's'} (in-flight requests may take up to ${this.options.shutdownTimeout}ms)`);
        this.stopAll();
      },
      (signal) => {
        log(`${signal} again: killing workers and exiting now`);
        for (const worker of this.slots.keys()) worker.process.kill('SIGKILL');
        process.exit(1);
      },
    );
    for (let index = 0; index < this.options.workers; index++) this.fork({ index, quickCrashes: 0 });
  }

  private fork(slot: Slot): void {
    const worker = cluster.fork();
    this.slots.set(worker, { slot, startedAt: Date.now() });
    this.options.log(`worker ${pidOf(worker)} started`);
  }

  private async finish(): Promise<void> {
    await this.options.onStop?.();
    process.exit(this.failed ? 1 : 0);
  }

  private stopAll(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    this.restartTimers.clear();
    for (const worker of this.slots.keys()) if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
    setTimeout(() => {
      for (const worker of this.slots.keys()) {
        this.options.log(`worker ${pidOf(worker)} did not stop in time; killing it`);
        worker.process.kill('SIGKILL');
      }
    }, this.options.shutdownTimeout + KILL_GRACE_MS).unref();
    if (this.slots.size === 0) void this.finish();
  }

  /** A worker exited: expected (stopping), fatal (could not start: stop all), or a crash (restart it after a backoff). */
  private onExit(worker: Worker, code: number, signal: string): void {
    const { log } = this.options;
    const record = this.slots.get(worker);
    this.slots.delete(worker);
    if (!record) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.stopping) {
      if (code !== 0) this.failed = true;
      log(`worker ${pidOf(worker)} stopped (${how})`);
      if (this.slots.size === 0) void this.finish();
      return;
    }
    if (code === WORKER_FATAL_EXIT) {
      log(`worker ${pidOf(worker)} could not start; stopping`);
      this.failed = true;
      this.stopAll();
      return;
    }
    const { slot } = record;
    if (Date.now() - record.startedAt >= STABLE_AFTER_MS) slot.quickCrashes = 0;
    const delay = Math.min(RESTART_DELAY_MS * 2 ** slot.quickCrashes, MAX_RESTART_DELAY_MS);
    slot.quickCrashes += 1;
    log(`worker ${pidOf(worker)} died (${how}); restarting it in ${delay}ms`);
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (!this.stopping) this.fork(slot);
    }, delay);
    this.restartTimers.add(timer);
  }
}

const pidOf = (worker: Worker): number | undefined => worker.process.pid;

export function runPrimary(options: PrimaryOptions): void {
  new Primary(options).start();
}
