'use strict';
// golden.json as JSON with one line per header pair (and per log line), so that
// diffs of a golden file stay readable. A nested recorded response (the app
// suite's `withoutPages`) is laid out the same way, one level deeper.

function formatRecord(r, indent) {
  const pad = ' '.repeat(indent);
  const fields = Object.entries(r).map(([k, v]) => {
    if ((k === 'headers' || k === 'log') && Array.isArray(v)) {
      const lines = v.map((item) => `${pad}  ${JSON.stringify(item)}`).join(',\n');
      return v.length ? `${pad}${JSON.stringify(k)}: [\n${lines}\n${pad}]` : `${pad}${JSON.stringify(k)}: []`;
    }
    if (k === 'withoutPages' && v && typeof v === 'object') {
      return `${pad}${JSON.stringify(k)}: ${formatRecord(v, indent + 2)}`;
    }
    return `${pad}${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${fields.join(',\n')}\n${' '.repeat(indent - 2)}}`;
}

function formatGolden(golden) {
  const { responses, ...meta } = golden;
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, '');
  const entries = Object.entries(responses).map(([id, r]) => `    ${JSON.stringify(id)}: ${formatRecord(r, 6)}`);
  return `${head},\n  "responses": {\n${entries.join(',\n')}\n  }\n}\n`;
}

module.exports = { formatGolden };
