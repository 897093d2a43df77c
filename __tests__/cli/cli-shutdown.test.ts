// Graceful shutdown of the served folder: SIGTERM lets in-flight requests
// finish, --shutdown-timeout cuts them off, a second signal exits at once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSession, getUrl, writeAsEditorsDo } from '../support';

const session = cliSession();

describe('graceful shutdown', () => {
  /** A handler that stays in flight until the test creates the `release` file. */
  function slowProject(): { dir: string; release: () => void } {
    const dir = session.tempProject({});
    const releaseFile = join(dir, 'release');
    writeAsEditorsDo(
      dir,
      'api/slow.js',
      `const { existsSync } = require('node:fs');
module.exports = async function handler(req, res) {
  console.log('slow: started');
  const giveUp = Date.now() + 15000;
  while (!existsSync(${JSON.stringify(releaseFile)}) && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 20));
  res.json({ finished: true });
};
`,
    );
    writeAsEditorsDo(dir, 'api/hang.js', "module.exports = () => { console.log('hang: started'); return new Promise(() => {}); };\n");
    return { dir, release: () => writeFileSync(releaseFile, '') };
  }

  test('SIGTERM stops accepting connections and lets the in-flight request finish; exit 0', async () => {
    const { dir, release } = slowProject();
    const cli = session.start(['api', '--port', '0'], dir);
    const url = await cli.url();
    const inFlight = getUrl(`${url}/slow`);
    inFlight.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    await cli.waitFor('stdout', /slow: started/);

    process.kill(cli.pid, 'SIGTERM');
    await cli.waitFor('stderr', /SIGTERM: stopping; 1 request in flight/);
    // The listening socket is closed: new connections are refused...
    await expect(getUrl(`${url}/slow`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // ...while the request that was running still gets its whole response.
    release();
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ finished: true });
    expect(reply.headers.connection).toBe('close');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  test('--shutdown-timeout cuts off requests that do not finish; exit 1', async () => {
    const { dir } = slowProject();
    const cli = session.start(['api', '--port', '0', '--shutdown-timeout', '100'], dir);
    const url = await cli.url();
    const hung = getUrl(`${url}/hang`).then(() => 'answered', (err: NodeJS.ErrnoException) => err.code);
    await cli.waitFor('stdout', /hang: started/);
    process.kill(cli.pid, 'SIGTERM');
    expect(await hung).toBe('ECONNRESET');
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toContain('SIGTERM: stopping; 1 request in flight (allowed up to 100ms)');
    expect(cli.stderr()).toContain('cut off 1 request still running after 100ms');
  });

  test('a second signal exits at once', async () => {
    const { dir } = slowProject();
    const cli = session.start(['api', '--port', '0', '--shutdown-timeout', '600000'], dir);
    const url = await cli.url();
    // Settled into a value now, so its rejection is never unhandled while the test awaits the exit.
    const inFlight = getUrl(`${url}/slow`).then(() => 'answered', (err: NodeJS.ErrnoException) => err.code);
    await cli.waitFor('stdout', /slow: started/);
    process.kill(cli.pid, 'SIGTERM');
    await cli.waitFor('stderr', /SIGTERM: stopping; 1 request in flight/);
    process.kill(cli.pid, 'SIGINT');
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toContain('SIGINT again: exiting now');
    expect(await inFlight).toBe('ECONNRESET');
  });
});

