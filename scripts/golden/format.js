'use strict';
// golden.json as JSON with one line per header pair (and per log line), so that
// diffs of a golden file stay readable.

function formatGolden(golden) {
  const { responses, ...meta } = golden;
  const head = JSON.stringify(meta, null, 2).replace(/\n}$/, '');
  const entries = Object.entries(responses).map(([id, r]) => {
    const fields = Object.entries(r).map(([k, v]) => {
      if ((k === 'headers' || k === 'log') && Array.isArray(v)) {
        const lines = v.map((item) => '        ' + JSON.stringify(item)).join(',\n');
        return v.length ? `      ${JSON.stringify(k)}: [\n${lines}\n      ]` : `      ${JSON.stringify(k)}: []`;
      }
      return `      ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
    });
    return `    ${JSON.stringify(id)}: {\n${fields.join(',\n')}\n    }`;
  });
  return `${head},\n  "responses": {\n${entries.join(',\n')}\n  }\n}\n`;
}

module.exports = { formatGolden };
