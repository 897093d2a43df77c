import request from 'supertest';
import { createTestApp } from 'next-api-express/testing';

test('GET /api/hello', () =>
  request(createTestApp('src/pages/api')).get('/api/hello?name=Ada').expect(200, { message: 'Hello, Ada!' }));
