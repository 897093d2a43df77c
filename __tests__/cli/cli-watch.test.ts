// --watch: edits and new files are served without a restart, and the table is printed again.
import { cliSession, eventually, getUrl, writeAsEditorsDo } from '../support';

const session = cliSession();

describe('--watch', () => {
  test('an edited handler and a new file are served without a restart; the table is printed again', async () => {
    const dir = session.tempProject({ 'api/hello.ts': "export default function handler(req: any, res: any) { res.send('one'); }\n" });
    const cli = session.start(['api', '--port', '0', '--watch'], dir);
    const url = await cli.url();
    expect(cli.stdout()).toContain('(watching for changes)');
    expect((await getUrl(`${url}/hello`)).body).toBe('one');

    writeAsEditorsDo(dir, 'api/hello.ts', "export default function handler(req: any, res: any) { res.send('two'); }\n");
    await eventually(async () => expect((await getUrl(`${url}/hello`)).body).toBe('two'));

    writeAsEditorsDo(dir, 'api/items/[id].js', 'export default (req, res) => res.json({ id: req.query.id });\n');
    await eventually(async () => expect((await getUrl(`${url}/items/7`)).body).toBe('{"id":"7"}'));
    await cli.waitFor('stdout', /Routes changed:\nROUTE +KIND +FILE\n\/api\/hello +static +api\/hello\.ts\n\/api\/items\/\[id\] +dynamic +api\/items\/\[id\]\.js\n/);

    process.kill(cli.pid, 'SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });
});
