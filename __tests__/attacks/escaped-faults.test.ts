/**
 * Faults that escape a handler's promise — a throw in a timer, a rejection
 * nobody awaits — cannot be answered per request. Next's own server logs
 * them and keeps serving (docs/next-behaviour.md §12 "Uncaught exceptions");
 * so does the CLI, naming the route the fault came from, unless
 * `--exit-on-uncaught` asks for Node's default (exit).
 */
import { get, waitUntil } from './support/attack-server';
import { startCli } from './support/cli-process';

describe('the CLI and faults that escape a handler', () => {
  test('a throw in a timer: logged with its route, and the CLI keeps serving', async () => {
    const cli = await startCli();
    const res = await get(cli.port, '/api/timer-throw');
    expect(res.status).toBe(200);
    expect(await waitUntil(() => /escaped from a timer/.test(cli.stderr()) || cli.exit() !== undefined)).toBe(true);
    expect(cli.exit()).toBeUndefined();
    expect(cli.stderr()).toMatch(/uncaughtException.*GET \/api\/timer-throw/);
    expect(cli.stderr()).toMatch(/Error: escaped from a timer in \/api\/timer-throw\n\s+at /);
    expect((await get(cli.port, '/api/echo')).status).toBe(200);
  });

  test('an unhandled rejection: logged with its route, and the CLI keeps serving', async () => {
    const cli = await startCli();
    expect((await get(cli.port, '/api/rejection')).status).toBe(200);
    expect(await waitUntil(() => /unhandled rejection in/.test(cli.stderr()) || cli.exit() !== undefined)).toBe(true);
    expect(cli.exit()).toBeUndefined();
    expect(cli.stderr()).toMatch(/unhandledRejection.*GET \/api\/rejection/);
    expect((await get(cli.port, '/api/echo')).status).toBe(200);
  });

  test('--exit-on-uncaught: the fault is logged and the process exits with code 1', async () => {
    const cli = await startCli(['--exit-on-uncaught']);
    expect((await get(cli.port, '/api/timer-throw')).status).toBe(200);
    expect(await waitUntil(() => cli.exit() !== undefined)).toBe(true);
    expect(cli.exit()).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toMatch(/uncaughtException.*GET \/api\/timer-throw/);
    expect(cli.stderr()).toMatch(/exiting \(--exit-on-uncaught\)/);
  });
});
