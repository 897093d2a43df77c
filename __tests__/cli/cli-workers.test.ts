// --workers: N processes share the port and the preview keys; a dead worker is
// restarted, workers that cannot listen stop the primary. Every worker PID the
// CLI logs is tracked and killed after the test if still alive.
import { cliSession, eventually, getUrl, isAlive } from '../support';

const session = cliSession();

describe('--workers', () => {
  test('N workers share the port; a killed worker is restarted; SIGTERM stops them all', async () => {
    const dir = session.tempProject({ 'api/pid.js': 'module.exports = (req, res) => res.json({ pid: process.pid });\n' });
    const cli = session.start(['api', '--port', '0', '--workers', '2'], dir);
    const url = await cli.url();
    expect(cli.stdout()).toContain('with 2 workers');
    expect(cli.stdout().match(/^ROUTE/gm)).toHaveLength(1); // the primary prints the table once

    const listening = (): number[] => [...cli.stderr().matchAll(/worker (\d+) listening/g)].map((m) => Number(m[1]));
    await eventually(async () => expect(listening()).toHaveLength(2));
    const [first, second] = listening();
    for (const pid of [first, second]) session.track(pid);
    expect(first).not.toBe(cli.pid);

    // Both workers answer (round-robin on Linux; polled, not assumed).
    const seen = new Set<number>();
    await eventually(async () => {
      seen.add((JSON.parse((await getUrl(`${url}/pid`)).body) as { pid: number }).pid);
      expect(seen).toEqual(new Set([first, second]));
    });

    process.kill(first, 'SIGKILL');
    await cli.waitFor('stderr', new RegExp(`worker ${first} died \\(signal SIGKILL\\); restarting it in \\d+ms`));
    await eventually(async () => expect(listening()).toHaveLength(3));
    const replacement = listening()[2];
    session.track(replacement);
    expect([first, second]).not.toContain(replacement);

    // The port kept being served, and the replacement serves on it.
    await eventually(async () => {
      const { pid } = JSON.parse((await getUrl(`${url}/pid`)).body) as { pid: number };
      expect(pid).toBe(replacement);
    });

    process.kill(cli.pid, 'SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stderr()).toContain(`worker ${second} stopped (code 0)`);
    expect(cli.stderr()).toContain(`worker ${replacement} stopped (code 0)`);
    for (const pid of [second, replacement]) await eventually(async () => expect(isAlive(pid)).toBe(false));
  }, 30_000);

  test('workers share one set of preview keys: a draft cookie from one is valid on another', async () => {
    const dir = session.tempProject({
      'api/draft.js': 'module.exports = (req, res) => { if (req.query.on) res.setDraftMode({ enable: true }); res.json({ pid: process.pid, draftMode: req.draftMode === true }); };\n',
    });
    const cli = session.start(['api', '--port', '0', '--workers', '2'], dir);
    const url = await cli.url();
    for (const m of cli.stderr().matchAll(/worker (\d+) listening/g)) session.track(Number(m[1]));
    const on = await getUrl(`${url}/draft?on=1`);
    const setter = (JSON.parse(on.body) as { pid: number }).pid;
    const cookie = String(on.headers['set-cookie']?.[0]).split(';')[0];
    expect(cookie).toMatch(/^__prerender_bypass=[0-9a-f]{32}$/);
    await eventually(async () => {
      const reply = JSON.parse((await getUrl(`${url}/draft`, { cookie })).body) as { pid: number; draftMode: boolean };
      session.track(reply.pid);
      expect(reply.draftMode).toBe(true);
      expect(reply.pid).not.toBe(setter);
    });
    process.kill(cli.pid, 'SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  }, 30_000);

  test('workers that cannot listen stop the primary with exit 1 (no restart loop)', async () => {
    const port = await session.occupiedPort();
    const dir = session.tempProject({ 'api/pid.js': 'module.exports = (req, res) => res.json({ pid: process.pid });\n' });
    const cli = session.start(['api', '--port', String(port), '--workers', '2'], dir);
    const exit = await cli.exited;
    for (const m of cli.stderr().matchAll(/worker (\d+) started/g)) session.track(Number(m[1]));
    expect(exit.code).toBe(1);
    expect(cli.stderr()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(cli.stderr()).toMatch(/could not start; stopping/);
    expect(cli.stderr()).not.toMatch(/restarting/);
  }, 30_000);
});

