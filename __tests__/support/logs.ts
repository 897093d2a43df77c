/** Log lines kept for assertions, so tests can check them and stay quiet. */
import type { Logger } from '../../lib';
import type { LogEntry } from '../../lib/testing';

export interface MemoryLogger extends Logger {
  /** Every line, oldest first, as `error: …` or `warn: …` (errors with their stack). */
  readonly lines: string[];
  /** All lines joined by newlines. */
  text(): string;
  /** The lines logged at `level`, without the level prefix. */
  messages(level: 'error' | 'warn'): string[];
}

/** A logger for `apiRoutes({ logger })` that keeps every line. */
export function memoryLogger(): MemoryLogger {
  const lines: string[] = [];
  const keep = (level: string) => (...args: unknown[]) => {
    lines.push(`${level}: ${args.map((a) => (a instanceof Error ? a.stack ?? a.message : String(a))).join(' ')}`);
  };
  return {
    error: keep('error'),
    warn: keep('warn'),
    lines,
    text: () => lines.join('\n'),
    messages: (level) => lines.filter((line) => line.startsWith(`${level}: `)).map((line) => line.slice(level.length + 2)),
  };
}

/** The messages a test app (`testHandler`, `createTestApp`) kept in `app.logs` at `level`. */
export function logged(app: { readonly logs: readonly LogEntry[] }, level: LogEntry['level']): string[] {
  return app.logs.filter((entry) => entry.level === level).map((entry) => entry.message);
}
