/**
 * What the tests share, in one place: real hosts around `apiRoutes()`, a
 * logger that keeps its lines, the options a `testHandler` app runs with,
 * wire-level helpers (reason phrase, header order, raw requests), polling,
 * files written the way editors save them, the CLI as a child process, and
 * the attack suite's raw sockets and measured server processes.
 *
 * Import it as `./support` from `__tests__/*.test.ts`, `../support` from a
 * layer folder such as `__tests__/pages/`. Nothing here runs at import time;
 * helpers that clean up after each test register their `afterEach` when called.
 */
export * from './hosts';
export * from './logs';
export * from './handler-options';
export * from './wire';
export * from './waiting';
export * from './files';
export * from './cli';
export * from './raw-socket';
export * from './attack-servers';
export * from './app-hosts';
