/**
 * The real `next-api-express` bin in a child process (`--port 0`), for the
 * attacks that concern the CLI's server: escaped faults, slow clients.
 * Stopped by PID after each test file.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ATTACK_API, ROOT, waitUntil } from './attack-server';

const BIN = join(ROOT, 'bin', 'next-api-express.js');

export interface CliServer {
  pid: number;
  port: number;
  stdout(): string;
  stderr(): string;
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stop(): Promise<void>;
}

const started = new Set<CliServer>();
afterAll(async () => {
  await Promise.all([...started].map((cli) => cli.stop()));
});

/** Starts the CLI on the attack fixtures (or `dir`) and waits for the URL it prints. */
export async function startCli(args: string[] = [], dir = ATTACK_API): Promise<CliServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env.PORT;
  const proc = spawn(process.execPath, [BIN, dir, '--port', '0', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) =>
    proc.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const listening = await waitUntil(() => /Listening on http:\/\/127\.0\.0\.1:\d+/.test(out) || exit !== undefined, 10_000);
  const match = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
  const cli: CliServer = {
    pid: proc.pid as number,
    port: match ? Number(match[1]) : 0,
    stdout: () => out,
    stderr: () => err,
    exit: () => exit,
    async stop() {
      started.delete(cli);
      if (exit) return;
      proc.kill('SIGKILL');
      await exited;
    },
  };
  started.add(cli);
  if (!listening || !match) {
    await cli.stop();
    throw new Error(`the CLI did not start (${JSON.stringify(exit)}):\n--- stdout\n${out}\n--- stderr\n${err}`);
  }
  return cli;
}
