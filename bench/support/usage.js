'use strict';
// `--help` of the bench scripts: the comment block at the top of the script
// (after its shebang and 'use strict'), whole, however long it grows.

const fs = require('node:fs');

function printUsage(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(2);
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
  console.log(header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
}

module.exports = { printUsage };
