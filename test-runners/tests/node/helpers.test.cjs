// The helpers under `node --test`, loaded with require().
const { test } = require('node:test');
const request = require('supertest');
const { createTestApp, testHandler } = require('next-api-express/testing');

test('createTestApp (CommonJS)', async () => {
  await request(createTestApp('src/pages/api', { logger: false })).get('/api/users/9').expect(200, { id: '9', method: 'GET', body: '' });
});

test('testHandler (CommonJS)', async () => {
  const whoami = (req, res) => res.status(201).send(`user ${req.query.id}`);
  await request(testHandler(whoami, { params: { id: '5' } })).get('/').expect(201, 'user 5');
});
