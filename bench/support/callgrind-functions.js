'use strict';
// Self instructions by function from one callgrind dump, with V8's JIT code
// named: callgrind sees compiled JavaScript as anonymous addresses
// ("???:0x000000000d0b5d80"); a server started with `node --perf-basic-prof`
// writes /tmp/perf-<pid>.map ("start size name" per compiled function), and
// each address is looked up there. Used by `node bench/icount.js --by-function`.

const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

/** The perf map's [start, end, name] entries, in the order V8 wrote them. */
function readPerfMap(file) {
  if (!fs.existsSync(file)) return [];
  const ranges = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (!m) continue;
    const start = parseInt(m[1], 16);
    ranges.push([start, start + parseInt(m[2], 16), m[3]]);
  }
  return ranges;
}

/**
 * The name of the code holding `address`. V8 reuses code space for newer
 * code, so of the entries covering it the last written wins. A linear scan:
 * only the few hundred addresses of one dump are looked up.
 */
function nameAt(ranges, address) {
  for (let i = ranges.length - 1; i >= 0; i--) {
    if (ranges[i][0] <= address && address < ranges[i][1]) return ranges[i][2];
  }
  return undefined;
}

/** A readable name: the JS function and its file:line without the tier marks and long paths. */
function shortName(name) {
  return name
    .replace(/^(JS|LazyCompile|Function|Script):[*~^+]?/, '')
    .replace(/ (?:file:\/\/)?\S*\/(node_modules\/[^/]+|dist|bench|lib)\//, ' $1/')
    .replace(/\s+\[[^\]]*\]$/, '')
    .replace(/^ /, '(anonymous) ');
}

/** { name: instructions } for one dump (self cost), JIT addresses named through the perf map. */
function selfCostByFunction(dumpFile, perfMapFile) {
  const out = spawnSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', dumpFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`callgrind_annotate failed: ${out.stderr}`);
  const ranges = readPerfMap(perfMapFile);
  const costs = new Map();
  for (const line of out.stdout.split('\n')) {
    const m = /^\s*([\d,]+) \([\s\d.]+%\)\s+(.*)$/.exec(line);
    if (!m || m[2].startsWith('PROGRAM TOTALS')) continue;
    const count = Number(m[1].replace(/,/g, ''));
    let name = m[2].replace(/\s+\[[^\]]*\]\s*$/, '');
    const address = /^\?\?\?:0x([0-9a-f]+)$/.exec(name);
    if (address) name = shortName(nameAt(ranges, parseInt(address[1], 16)) ?? `unnamed JIT code ${name.slice(4)}`);
    else name = name.replace(/^\?\?\?:/, '').replace(/\(anonymous namespace\)/g, '{anonymous}').replace(/\(.*$/, '');
    costs.set(name, (costs.get(name) ?? 0) + count);
  }
  // With --threshold=100 callgrind_annotate also lists the roots (main, the
  // event loop, the loader) with everything under them: drop what reads as a total.
  const total = Math.max(0, ...costs.values());
  for (const [name, count] of costs) if (count === total) costs.delete(name);
  return costs;
}

module.exports = { selfCostByFunction };
