/**
 * Faults that escape a handler's promise — a throw in a timer, a rejection
 * nobody awaits — cannot be answered per request. Next's own server logs
 * them and keeps serving (docs/next-behaviour.md §12 "Uncaught exceptions");
 * so does the CLI, naming the route the fault came from, unless
 * `--exit-on-uncaught` asks for Node's default (exit).
 */
import { ATTACK_API, cliSession, getWithin, waitUntil, type Exit } from '../support';

const session = cliSession();

/** The CLI serving the attack fixtures on a free port, with a synchronous view of its exit. */
async function serveWith(args: string[] = []) {
  const cli = session.start([ATTACK_API, '--port', '0', ...args]);
  let exit: Exit | undefined;
  void cli.exited.then((e) => (exit = e));
  const port = Number(new URL(await cli.url()).port);
  return { port, stderr: cli.stderr, exit: () => exit };
}

describe('the CLI and faults that escape a handler', () => {
  test('a throw in a timer: logged with its route, and the CLI keeps serving', async () => {
    const cli = await serveWith();
    const res = await getWithin(cli.port, '/api/timer-throw');
    expect(res.status).toBe(200);
    expect(await waitUntil(() => /escaped from a timer/.test(cli.stderr()) || cli.exit() !== undefined)).toBe(true);
    expect(cli.exit()).toBeUndefined();
    expect(cli.stderr()).toMatch(/uncaughtException.*GET \/api\/timer-throw/);
    expect(cli.stderr()).toMatch(/Error: escaped from a timer in \/api\/timer-throw\n\s+at /);
    expect((await getWithin(cli.port, '/api/echo')).status).toBe(200);
  });

  test('an unhandled rejection: logged with its route, and the CLI keeps serving', async () => {
    const cli = await serveWith();
    expect((await getWithin(cli.port, '/api/rejection')).status).toBe(200);
    expect(await waitUntil(() => /unhandled rejection in/.test(cli.stderr()) || cli.exit() !== undefined)).toBe(true);
    expect(cli.exit()).toBeUndefined();
    expect(cli.stderr()).toMatch(/unhandledRejection.*GET \/api\/rejection/);
    expect((await getWithin(cli.port, '/api/echo')).status).toBe(200);
  });

  test('--exit-on-uncaught: the fault is logged and the process exits with code 1', async () => {
    const cli = await serveWith(['--exit-on-uncaught']);
    expect((await getWithin(cli.port, '/api/timer-throw')).status).toBe(200);
    expect(await waitUntil(() => cli.exit() !== undefined)).toBe(true);
    expect(cli.exit()).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toMatch(/uncaughtException.*GET \/api\/timer-throw/);
    expect(cli.stderr()).toMatch(/exiting \(--exit-on-uncaught\)/);
  });
});
