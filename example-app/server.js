// The example app: an existing Express server that mounts a Next.js pages/api
// folder and an App Router app/api folder next to its own routes. Run with
// `npm start` (builds the library first).
const path = require('node:path');
const express = require('express');
const { apiRoutes, appRoutes } = require('next-api-express');

const app = express();

// The app's own middleware and routes keep working around the mounted folder.
app.use((req, res, next) => {
  res.setHeader('X-Example-App', '1');
  next();
});
app.get('/', (req, res) => {
  res.type('text').send('next-api-express example: try GET /api/hello\n');
});

// Pages Router handlers first; what they do not serve goes on to the App Router
// folder (Next refuses a URL served by both, so the order never matters for a
// valid project).
app.use('/api', apiRoutes(path.join(__dirname, 'pages/api')));
app.use('/api', appRoutes(path.join(__dirname, 'app/api')));

// Requests no route file matches fall through to the app's own 404.
app.use((req, res) => {
  res.status(404).json({ error: `No route for ${req.method} ${req.originalUrl}` });
});

// PORT=0 picks a free port (the test of this app does).
const port = process.env.PORT === undefined || process.env.PORT === '' ? 3000 : Number(process.env.PORT);
const host = process.env.HOST || '127.0.0.1';
const server = app.listen(port, host, () => {
  console.log(`example-app listening on http://${host}:${server.address().port}/api/hello (pid ${process.pid}; Ctrl-C or kill ${process.pid} stops it)`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
