'use strict';
// HTTP for the benchmark: one checked request (`get`), and a load of
// `connections` keep-alive connections for `seconds` (`load`, autocannon).

const http = require('node:http');

let autocannon;
function loadGenerator() {
  if (autocannon) return autocannon;
  try {
    autocannon = require('autocannon');
  } catch {
    console.error('bench: autocannon is not installed: npm install --save-dev --save-exact autocannon');
    process.exit(2);
  }
  return autocannon;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function get(port, { path: p, method = 'GET', body, headers = {} }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout on ${p}`)));
    req.end(body);
  });
}

/** Latencies of every 2xx response at full resolution (autocannon's own histogram has 1 ms buckets). */
class Latencies {
  constructor() {
    this.values = new Float64Array(1 << 16);
    this.length = 0;
  }
  add(ms) {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = ms;
  }
  percentiles(...ps) {
    const sorted = this.values.subarray(0, this.length).sort();
    return ps.map((p) => (this.length ? sorted[Math.min(this.length - 1, Math.floor((p / 100) * this.length))] : NaN));
  }
}

/** `req`: { path, method?, body?, headers? }. Resolves with req/s, p50/p99 and counts. */
async function load(port, req, seconds, connections) {
  const latencies = new Latencies();
  const instance = loadGenerator()({
    url: `http://127.0.0.1:${port}${req.path}`,
    method: req.method || 'GET',
    body: req.body,
    headers: req.headers,
    connections,
    duration: seconds,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.add(responseTime);
  });
  const result = await instance;
  const [p50, p99] = latencies.percentiles(50, 99);
  const ok = result['2xx'];
  return {
    ok,
    rps: ok / result.duration,
    p50,
    p99,
    problems: result.non2xx + result.errors + result.timeouts,
    duration: result.duration,
  };
}

const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/** `amount` requests of `req`, `connections` keep-alive connections at a time; rejects on any non-2xx or error. */
function sendRequests(port, req, amount, connections) {
  return new Promise((resolve, reject) => {
    let bad = 0;
    const instance = loadGenerator()(
      {
        url: `http://127.0.0.1:${port}${req.path}`,
        method: req.method || 'GET',
        headers: req.headers,
        body: req.body,
        amount,
        connections,
        timeout: 60,
      },
      (err, result) => {
        if (err) reject(err);
        else if (bad || result.non2xx || result.errors) reject(new Error(`${req.path}: ${bad || result.non2xx} non-2xx, ${result.errors} errors`));
        else resolve(result);
      },
    );
    instance.on('response', (_client, status) => {
      if (status < 200 || status > 299) bad++;
    });
  });
}

module.exports = { get, load, sleep, median, loadGenerator, sendRequests };
