import request from 'supertest';
import { testRoute } from 'next-api-express/testing';
import * as greetings from '@/app/api/greetings/[name]/route';

test('GET /api/greetings/[name], one route module', () =>
  request(testRoute(greetings, { route: '/api/greetings/[name]' })).get('/api/greetings/Ada').expect(200, { message: 'Hello, Ada!', visits: 1, loud: false }));
