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

export function runPrimary(options: PrimaryOptions): void {
  const { log } = options;
  const slots = new Map<Worker, { slot: Slot; startedAt: number }>();
  const restartTimers = new Set<NodeJS.Timeout>();
  let stopping = false;
  let failed = false;
  let announced = false;

  const pidOf = (worker: Worker): number | undefined => worker.process.pid;
  const alive = (): Worker[] => [...slots.keys()];

  const fork = (slot: Slot): void => {
    const worker = cluster.fork();
    slots.set(worker, { slot, startedAt: Date.now() });
    log(`worker ${pidOf(worker)} started`);
  };

  const finish = async (): Promise<void> => {
    await options.onStop?.();
    process.exit(failed ? 1 : 0);
  };

  const stopAll = (): void => {
    if (stopping) return;
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    for (const worker of alive()) if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
    setTimeout(() => {
      for (const worker of alive()) {
        log(`worker ${pidOf(worker)} did not stop in time; killing it`);
        worker.process.kill('SIGKILL');
      }
    }, options.shutdownTimeout + KILL_GRACE_MS).unref();
    if (slots.size === 0) void finish();
  };

  cluster.on('listening', (worker, address) => {
    log(`worker ${pidOf(worker)} listening`);
    if (!announced) {
      announced = true;
      options.onListening(address as unknown as AddressInfo);
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const record = slots.get(worker);
    slots.delete(worker);
    if (!record) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (stopping) {
      if (code !== 0) failed = true;
      log(`worker ${pidOf(worker)} stopped (${how})`);
      if (slots.size === 0) void finish();
      return;
    }
    if (code === WORKER_FATAL_EXIT) {
      log(`worker ${pidOf(worker)} could not start; stopping`);
      failed = true;
      stopAll();
      return;
    }
    const { slot } = record;
    if (Date.now() - record.startedAt >= STABLE_AFTER_MS) slot.quickCrashes = 0;
    const delay = Math.min(RESTART_DELAY_MS * 2 ** slot.quickCrashes, MAX_RESTART_DELAY_MS);
    slot.quickCrashes += 1;
    log(`worker ${pidOf(worker)} died (${how}); restarting it in ${delay}ms`);
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!stopping) fork(slot);
    }, delay);
    restartTimers.add(timer);
  });

  onStopSignals(
    (signal) => {
      log(`${signal}: stopping ${slots.size} worker${slots.size === 1 ? '' : 's'} (in-flight requests may take up to ${options.shutdownTimeout}ms)`);
      stopAll();
    },
    (signal) => {
      log(`${signal} again: killing workers and exiting now`);
      for (const worker of alive()) worker.process.kill('SIGKILL');
      process.exit(1);
    },
  );

  for (let index = 0; index < options.workers; index++) fork({ index, quickCrashes: 0 });
}
